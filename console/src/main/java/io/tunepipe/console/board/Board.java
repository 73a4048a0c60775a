package io.tunepipe.console.board;

import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.DatasetRejected;
import io.tunepipe.contracts.EvaluationCompleted;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.SplitCounts;
import io.tunepipe.contracts.TrainingJobStatusChanged;
import io.tunepipe.contracts.TunepipeEvent;
import io.tunepipe.contracts.Verdict;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What the console knows of the pipeline, folded from the events in any order (topics are read side by side, so a
 * dataset's evaluation may arrive before its ingest); every method is safe to call from any thread.
 */
@ApplicationScoped
public class Board {

    /** Cards kept per kind, and entries kept per timeline. */
    static final int LIMIT = 50;
    static final int TIMELINE_LIMIT = 200;

    private final Map<String, DatasetState> datasets = new LinkedHashMap<>();
    private final Map<String, JobCard> jobs = new LinkedHashMap<>();
    private final Map<String, EvaluationCard> evaluations = new LinkedHashMap<>();
    private Ops ops = Ops.UNKNOWN;
    private long unreadable;
    private long version;

    /** Folds one event in; {@code at} is when it was published. */
    public synchronized void apply(TunepipeEvent event, Instant at) {
        if (event instanceof DatasetIngested e) {
            ingested(e, at);
        } else if (event instanceof DatasetRejected e) {
            DatasetState d = dataset(e.datasetId(), at);
            d.name = e.name();
            d.problem = e.reason();
            d.log(at, "ingest", "rejected: " + e.reason());
        } else if (event instanceof DatasetAugmented e) {
            DatasetState d = dataset(e.datasetId(), at);
            d.paraphrasesGenerated = e.generated();
            d.paraphrasesKept = e.kept();
            d.paraphraseRejections = e.rejectedByReason();
            d.log(at, "augment", e.paraphraser() + " paraphraser kept " + e.kept() + " of " + e.generated()
                    + " rewordings in " + e.batchCount() + " batches");
        } else if (event instanceof TrainingJobStatusChanged e) {
            jobChanged(e, at);
        } else if (event instanceof EvaluationCompleted e) {
            if (e.verdict() == null || e.verdict().outcome() == null) {
                unreadable++; // written before verdicts had an outcome: nothing honest to show
            } else {
                evaluated(e, at);
            }
        }
        // example batches are counted from their keys (augmentedBatch); an ingest request names a file, not a dataset
        trim(datasets);
        trim(jobs);
        trim(evaluations);
        version++;
    }

    private void ingested(DatasetIngested e, Instant at) {
        DatasetState d = dataset(e.datasetId(), at);
        d.name = e.name();
        d.rowsRead = e.rowsRead();
        d.examples = e.examples();
        d.rejectedByReason = e.rejectedByReason();
        d.duplicates = e.duplicates();
        d.conflicts = e.conflicts();
        d.log(at, "ingest", "ingested " + e.rowsRead() + " rows: " + e.examples().train() + " train, "
                + e.examples().validation() + " validation, " + e.examples().test() + " test; "
                + e.rejectedByReason().values().stream().mapToLong(Long::longValue).sum() + " rejected, "
                + e.duplicates() + " duplicates, " + e.conflicts() + " conflicts");
    }

    private void jobChanged(TrainingJobStatusChanged e, Instant at) {
        jobs.remove(e.jobId());
        jobs.put(e.jobId(), new JobCard(e.jobId(), e.datasetId(), e.provider(), e.providerJobId(),
                e.baseModel(), e.status(), e.fineTunedModel(), e.retrievalModel(), e.trainedTokens(),
                e.error() == null ? null : e.error().message(), at));
        DatasetState d = dataset(e.datasetId(), at);
        d.jobId = e.jobId();
        d.log(at, "training", "job " + shortId(e.jobId()) + " at " + e.provider() + ": "
                + e.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (e.fineTunedModel() != null ? " -> " + e.fineTunedModel() : "")
                + (e.error() != null ? " (" + e.error().message() + ")" : ""));
    }

    private void evaluated(EvaluationCompleted e, Instant at) {
        evaluations.remove(e.evaluationId());
        evaluations.put(e.evaluationId(), new EvaluationCard(e.evaluationId(), e.jobId(), e.datasetId(),
                e.scores(), e.verdict(), at));
        DatasetState d = dataset(e.datasetId(), at);
        if (d.verdictAt == null || !at.isBefore(d.verdictAt)) {
            d.evaluationId = e.evaluationId();
            d.verdict = e.verdict();
            d.verdictAt = at;
        }
        d.log(at, "eval", describe(e));
    }

    /** Counts a batch of paraphrased examples from its record key alone, without reading its examples. */
    public synchronized void augmentedBatch(String datasetId, Instant at) {
        DatasetState d = dataset(datasetId, at);
        d.augmentedBatches++;
        version++;
    }

    /** A dataset uploaded through the console, shown before ingest-service has announced it. */
    public synchronized void uploaded(String datasetId, String name, Instant at) {
        DatasetState d = dataset(datasetId, at);
        if (d.name == null) {
            d.name = name;
        }
        d.log(at, "console", "uploaded " + name);
        version++;
    }

    /** Counts an event that could not be read; it is skipped. */
    public synchronized void unreadable() {
        unreadable++;
        version++;
    }

    /** Forgets every event, before the feed reads them all again. */
    public synchronized void restart() {
        datasets.clear();
        jobs.clear();
        evaluations.clear();
        unreadable = 0;
        version++;
    }

    public synchronized void ops(Ops latest) {
        ops = latest;
        version++;
    }

    public synchronized long version() {
        return version;
    }

    public synchronized Snapshot snapshot() {
        List<DatasetCard> cards = datasets.values().stream().map(this::card)
                .sorted(Comparator.comparing(DatasetCard::updatedAt).reversed()).toList();
        return new Snapshot(version, cards, newestFirst(jobs, JobCard::updatedAt),
                newestFirst(evaluations, EvaluationCard::completedAt), ops.withUnreadableEvents(unreadable));
    }

    private static <T> List<T> newestFirst(Map<String, T> cards, Function<T, Instant> at) {
        return cards.values().stream().sorted(Comparator.comparing(at).reversed()).toList();
    }

    private DatasetCard card(DatasetState d) {
        List<TimelineEntry> timeline = new ArrayList<>(d.timeline);
        timeline.sort(Comparator.comparing(TimelineEntry::at));
        return new DatasetCard(d.id, d.name, stage(d), d.updatedAt, d.rowsRead, d.examples, d.rejectedByReason,
                d.duplicates, d.conflicts, d.augmentedBatches, d.paraphrasesGenerated, d.paraphrasesKept,
                d.paraphraseRejections, d.jobId, d.evaluationId, d.verdict, problem(d), List.copyOf(timeline));
    }

    private DatasetCard.Stage stage(DatasetState d) {
        JobCard job = d.jobId == null ? null : jobs.get(d.jobId);
        if (d.problem != null) {
            return DatasetCard.Stage.REJECTED;
        }
        if (d.verdict != null) {
            return switch (d.verdict.outcome()) {
                case PROMOTED -> DatasetCard.Stage.PROMOTED;
                case HELD -> DatasetCard.Stage.HELD;
                case FAILED -> DatasetCard.Stage.EVALUATION_FAILED;
            };
        }
        if (job != null) {
            if (job.status() == JobStatus.SUCCEEDED) {
                return DatasetCard.Stage.EVALUATING;
            }
            return job.status().isFinal() ? DatasetCard.Stage.TRAINING_FAILED : DatasetCard.Stage.TRAINING;
        }
        if (d.paraphrasesKept != null) {
            return DatasetCard.Stage.AUGMENTED;
        }
        boolean ingested = d.rowsRead != null || d.augmentedBatches > 0;
        return ingested ? DatasetCard.Stage.AUGMENTING : DatasetCard.Stage.INGESTING;
    }

    /** Why the dataset stopped short of a verdict on its model: rejected, training or evaluation failed. */
    private String problem(DatasetState d) {
        if (d.problem != null) {
            return d.problem;
        }
        if (d.verdict != null) {
            return d.verdict.outcome() == Verdict.Outcome.FAILED ? "evaluation failed: " + d.verdict.reason() : null;
        }
        JobCard job = d.jobId == null ? null : jobs.get(d.jobId);
        if (job != null && job.status().isFinal() && job.status() != JobStatus.SUCCEEDED) {
            return "training " + job.status().name().toLowerCase(Locale.ROOT)
                    + (job.error() != null ? ": " + job.error() : "");
        }
        return null;
    }

    private DatasetState dataset(String id, Instant at) {
        DatasetState d = datasets.remove(id);
        if (d == null) {
            d = new DatasetState(id);
        }
        datasets.put(id, d);
        if (d.updatedAt == null || at.isAfter(d.updatedAt)) {
            d.updatedAt = at;
        }
        return d;
    }

    private static void trim(Map<String, ?> cards) {
        var it = cards.keySet().iterator();
        while (cards.size() > LIMIT && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** The timeline's line for an evaluation: its outcome and reason, then each model's accuracy. */
    private static String describe(EvaluationCompleted e) {
        StringBuilder s = new StringBuilder(e.verdict().outcome().name().toLowerCase(Locale.ROOT));
        if (e.verdict().reason() != null) {
            s.append(": ").append(e.verdict().reason());
        }
        String sep = " (accuracy ";
        for (ModelScores m : e.scores()) {
            s.append(sep).append(m.role()).append(String.format(Locale.ROOT, " %.1f%%", 100 * m.accuracy()));
            sep = ", ";
        }
        return e.scores().isEmpty() ? s.toString() : s.append(')').toString();
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** The mutable state behind one dataset card. */
    private static final class DatasetState {
        final String id;
        final List<TimelineEntry> timeline = new ArrayList<>();
        String name;
        Instant updatedAt;
        Long rowsRead;
        SplitCounts examples;
        Map<String, Long> rejectedByReason;
        Long duplicates;
        Long conflicts;
        int augmentedBatches;
        Long paraphrasesGenerated;
        Long paraphrasesKept;
        Map<String, Long> paraphraseRejections;
        String jobId;
        String evaluationId;
        Verdict verdict;
        Instant verdictAt;
        String problem;

        DatasetState(String id) {
            this.id = id;
        }

        void log(Instant at, String service, String what) {
            if (timeline.size() == TIMELINE_LIMIT) {
                timeline.remove(0);
            }
            timeline.add(new TimelineEntry(at, service, what));
        }
    }
}
