package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.DatasetRejected;
import io.tunepipe.contracts.EvaluationCompleted;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.TrainingJobStatusChanged;
import io.tunepipe.contracts.TunepipeEvent;
import io.tunepipe.contracts.PoisonEventException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Follows one dataset through the four services: the stage events come from Kafka (from the beginning, so a
 * dataset that finished long ago is summarised at once), the in-between counts from the services' REST APIs.
 */
public final class PipelineFollower {

    private static final List<String> TOPICS = List.of(Topics.DATASETS_INGESTED, Topics.DATASETS_AUGMENTED,
            Topics.TRAINING_JOB_STATUSES, Topics.EVALUATIONS_COMPLETED);

    private final Map<String, Object> kafkaConfig;
    private final Endpoints endpoints;
    private final Api api;
    private final ProgressDisplay display;

    private DatasetIngested ingested;
    private DatasetAugmented augmented;
    private TrainingJobStatusChanged training;
    private EvaluationCompleted evaluation;
    private String failure;

    /** {@code kafkaConfig}: the broker's address and the CLI's credentials. */
    public PipelineFollower(Map<String, Object> kafkaConfig, Endpoints endpoints, Api api, ProgressDisplay display) {
        this.kafkaConfig = kafkaConfig;
        this.endpoints = endpoints;
        this.api = api;
        this.display = display;
    }

    public RunSummary follow(String datasetId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "tunepipe-cli-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(TOPICS);
            while (evaluation == null && failure == null) {
                if (Instant.now().isAfter(deadline)) {
                    failure = "gave up waiting after " + timeout.toSeconds() + " s; the services' logs say more";
                    break;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    onEvent(datasetId, record.value());
                }
                showProgress(datasetId);
            }
        }
        showProgress(datasetId);
        String report = evaluation == null ? null
                : endpoints.of(Service.EVAL) + "/evaluations/" + evaluation.evaluationId() + "/report";
        return new RunSummary(datasetId, ingested, augmented, training, evaluation, report, failure);
    }

    private void onEvent(String datasetId, String payload) {
        TunepipeEvent event;
        try {
            event = EventCodec.decode(payload);
        } catch (PoisonEventException e) {
            return; // not ours to judge; the services' dead-letter topics keep such messages
        }
        if (event instanceof DatasetIngested e && e.datasetId().equals(datasetId)) {
            ingested = e;
        } else if (event instanceof DatasetRejected e && e.datasetId().equals(datasetId)) {
            failure = "ingest rejected the file: " + e.reason();
        } else if (event instanceof DatasetAugmented e && e.datasetId().equals(datasetId)) {
            augmented = e;
        } else if (event instanceof TrainingJobStatusChanged e && datasetId.equals(e.datasetId())) {
            training = e;
            if (e.status() == JobStatus.FAILED || e.status() == JobStatus.CANCELLED) {
                failure = "training job " + e.jobId() + " " + e.status().name().toLowerCase()
                        + (e.error() == null ? "" : ": " + e.error().code() + " " + e.error().message());
            }
        } else if (event instanceof EvaluationCompleted e && e.datasetId().equals(datasetId)
                && e.verdict() != null && e.verdict().outcome() != null) {
            evaluation = e; // one with no outcome was written before verdicts had one: not this run's
        }
    }

    private void showProgress(String datasetId) {
        display.update(ingestStage(datasetId));
        display.update(augmentStage(datasetId));
        display.update(trainingStage(datasetId));
        display.update(evalStage(datasetId));
    }

    private ProgressDisplay.Stage ingestStage(String datasetId) {
        if (ingested != null) {
            return new ProgressDisplay.Stage("ingest", ingested.rowsRead(), ingested.rowsRead(),
                    String.format("%d rows: %d train, %d validation, %d test, %d rejected, %d duplicates",
                            ingested.rowsRead(), ingested.examples().train(), ingested.examples().validation(),
                            ingested.examples().test(), rejected(ingested), ingested.duplicates()), true);
        }
        JsonNode d = quietly(endpoints.of(Service.INGEST) + "/datasets/" + datasetId);
        long soFar = d == null ? 0 : d.path("rowsSoFar").asLong(0);
        return new ProgressDisplay.Stage("ingest", soFar, 0, soFar + " examples so far", false);
    }

    private ProgressDisplay.Stage augmentStage(String datasetId) {
        if (augmented != null) {
            return new ProgressDisplay.Stage("augment", augmented.kept(), augmented.kept(), String.format(
                    "%d paraphrases kept of %d generated (%s)", augmented.kept(), augmented.generated(),
                    augmented.paraphraser()), true);
        }
        JsonNode a = ingested == null ? null : quietly(endpoints.of(Service.AUGMENT) + "/augmentations/" + datasetId);
        long done = a == null ? 0 : a.path("processed").asLong(0);
        long total = a == null ? 0 : a.path("total").asLong(0);
        long kept = a == null ? 0 : a.path("kept").asLong(0);
        return new ProgressDisplay.Stage("augment", done, total, kept + " paraphrases kept so far", false);
    }

    private ProgressDisplay.Stage trainingStage(String datasetId) {
        if (training == null) {
            return new ProgressDisplay.Stage("train", 0, 0, "waiting for the training data", false);
        }
        boolean finished = training.status().isFinal();
        JsonNode job = quietly(endpoints.of(Service.TRAINING) + "/jobs/" + training.jobId());
        long epochs = job == null ? 0 : job.path("checkpoints").size();
        long total = Math.max(epochs, job == null ? 0 : job.path("job").path("estimatedEpochs").asLong(0));
        String detail = "job " + training.jobId() + " " + training.status().name().toLowerCase()
                + (training.fineTunedModel() == null ? "" : " -> " + training.fineTunedModel())
                + (epochs > 0 ? ", " + epochs + " epochs" : "");
        return new ProgressDisplay.Stage("train", finished ? Math.max(1, total) : epochs,
                finished ? Math.max(1, total) : total, detail, finished);
    }

    private ProgressDisplay.Stage evalStage(String datasetId) {
        if (evaluation != null) {
            return new ProgressDisplay.Stage("evaluate", 1, 1, "evaluation " + evaluation.evaluationId() + ": "
                    + evaluation.verdict().outcome().name().toLowerCase(Locale.ROOT), true);
        }
        JsonNode list = training == null || training.status() != JobStatus.SUCCEEDED ? null
                : quietly(endpoints.of(Service.EVAL) + "/evaluations?datasetId=" + datasetId);
        if (list == null || list.isEmpty()) {
            return new ProgressDisplay.Stage("evaluate", 0, 0, "waiting for a fine-tuned model", false);
        }
        JsonNode e = list.get(list.size() - 1);
        long questions = e.path("questions").asLong(0);
        long answered = e.path("answeredSoFar").asLong(0);
        return new ProgressDisplay.Stage("evaluate", answered, 0,
                answered + " answers so far (" + e.path("status").asText() + ")", false);
    }

    private static long rejected(DatasetIngested e) {
        return e.rejectedByReason().values().stream().mapToLong(Long::longValue).sum();
    }

    private JsonNode quietly(String url) {
        try {
            return api.get(url);
        } catch (Api.ApiException e) {
            return null;
        }
    }
}
