package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.ModelScores;
import io.tunepipe.localstack.DeadLetters;
import org.assertj.core.api.SoftAssertions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What ChaosIT reads of one dataset's run at every stage (from its {@link RunSummary}, the services' REST APIs and
 * the local provider's job records, its side of each submission),
 * and the invariants it asserts on a run with faults against the clean run of the same file.
 */
final class ChaosInvariants {

    /** A run's counts by stage ({@code ingest.train}, {@code augment.kept}...) and exact match by model role. */
    record Figures(Map<String, Long> counts, Map<String, Double> exactMatch) {

        /** Rows the faulty run had fewer (lost) and more (doubled) of than the clean one, over every stage. */
        long[] lostAndDoubled(Figures clean) {
            long lost = 0;
            long doubled = 0;
            for (Map.Entry<String, Long> e : clean.counts.entrySet()) {
                long diff = counts.getOrDefault(e.getKey(), 0L) - e.getValue();
                lost += Math.max(0, -diff);
                doubled += Math.max(0, diff);
            }
            return new long[] {lost, doubled};
        }
    }

    private final Api api;
    private final Endpoints endpoints;
    private final Home home;

    ChaosInvariants(Api api, Endpoints endpoints, Home home) {
        this.api = api;
        this.home = home;
        this.endpoints = endpoints;
    }

    /** The figures of a run that reached its evaluation. */
    Figures figures(RunSummary run) {
        Map<String, Long> c = new LinkedHashMap<>();
        DatasetIngested in = run.ingested();
        c.put("ingest.rows", in.rowsRead());
        c.put("ingest.train", in.examples().train());
        c.put("ingest.validation", in.examples().validation());
        c.put("ingest.test", in.examples().test());
        c.put("ingest.rejected", in.rejectedByReason().values().stream().mapToLong(Long::longValue).sum());
        c.put("ingest.duplicates", in.duplicates());
        c.put("ingest.conflicts", in.conflicts());
        JsonNode augmentation = api.get(endpoints.of(Service.AUGMENT) + "/augmentations/" + run.datasetId());
        for (String field : List.of("total", "processed", "generated", "kept")) {
            c.put("augment." + field, augmentation.path(field).asLong(-1));
        }
        JsonNode jobs = api.get(endpoints.of(Service.TRAINING) + "/jobs?datasetId=" + run.datasetId());
        c.put("training.jobs", (long) jobs.size());
        JsonNode job = api.get(endpoints.of(Service.TRAINING) + "/jobs/" + run.training().jobId()).path("job");
        c.put("training.examples", job.path("trainingExamples").asLong(-1));
        c.put("training.validation", job.path("validationExamples").asLong(-1));
        c.put("training.submissions", providerSubmissions(run.training().jobId()));
        JsonNode evaluations = api.get(endpoints.of(Service.EVAL) + "/evaluations?datasetId=" + run.datasetId());
        long completed = 0;
        for (JsonNode e : evaluations) {
            completed += "COMPLETED".equals(e.path("status").asText()) ? 1 : 0;
        }
        c.put("eval.completed", completed);
        Map<String, Double> exactMatch = new LinkedHashMap<>();
        for (ModelScores m : run.evaluation().scores()) {
            c.put("eval.questions." + m.role(), (long) m.questions());
            c.put("eval.errors." + m.role(), (long) m.errors());
            exactMatch.put(m.role(), m.exactMatch());
        }
        return new Figures(c, exactMatch);
    }

    /**
     * Asserts a run on its own: it reached a verdict; every row read is an example, a rejected row or a duplicate
     * (for files without variant columns, whose rows are one example each); augmentation handled every training
     * question; one training job and one completed evaluation.
     */
    static void assertWhole(SoftAssertions softly, String label, RunSummary run, Figures f, boolean oneExamplePerRow) {
        softly.assertThat(run.failure()).as(label + ": failure").isNull();
        softly.assertThat(run.judged()).as(label + ": judged").isTrue();
        Map<String, Long> c = f.counts();
        if (oneExamplePerRow) {
            softly.assertThat(c.get("ingest.train") + c.get("ingest.validation") + c.get("ingest.test")
                    + c.get("ingest.rejected") + c.get("ingest.duplicates"))
                    .as(label + ": rows read = examples + rejected + duplicates").isEqualTo(c.get("ingest.rows"));
        }
        softly.assertThat(c.get("augment.processed")).as(label + ": augment processed all")
                .isEqualTo(c.get("augment.total"));
        softly.assertThat(c.get("training.jobs")).as(label + ": training jobs").isEqualTo(1L);
        softly.assertThat(c.get("training.submissions")).as(label + ": jobs created at the provider").isEqualTo(1L);
        softly.assertThat(c.get("eval.completed")).as(label + ": completed evaluations").isEqualTo(1L);
    }

    /**
     * The jobs the local provider created for this training job, read from its records (one file per job created,
     * shared by the training-service instances): a submission made twice, say by an instance that took over after a
     * crash between the create call and its recording, would leave two.
     */
    private long providerSubmissions(String jobId) {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> records = Files.list(home.dir().resolve("training/local/jobs"))) {
            List<Path> files = records.filter(f -> f.toString().endsWith(".json")).toList();
            long count = 0;
            for (Path f : files) {
                count += json.readTree(f.toFile()).path("submissionKey").asText().startsWith(jobId + "-") ? 1 : 0;
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts a faulty run gave the clean run's counts at every stage and its exact match for every model. */
    static void assertSameAsClean(SoftAssertions softly, String label, Figures faulty, Figures clean) {
        softly.assertThat(faulty.counts()).as(label + ": counts at every stage vs the clean run")
                .isEqualTo(clean.counts());
        softly.assertThat(faulty.exactMatch()).as(label + ": exact match vs the clean run")
                .isEqualTo(clean.exactMatch());
    }

    /** Every dead letter on the broker, as lines to print. */
    static List<String> deadLetters(Home home) throws Exception {
        DeadLetters dead = new DeadLetters(home.kafkaClientConfig());
        List<String> lines = new ArrayList<>();
        for (String topic : dead.topics()) {
            dead.list(topic).forEach(l -> lines.add(l.topic() + " " + l.eventType() + " " + l.reason()));
        }
        return lines;
    }
}
