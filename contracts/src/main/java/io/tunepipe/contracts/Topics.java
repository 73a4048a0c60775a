package io.tunepipe.contracts;

import java.util.List;

/** Names and partition counts of the Kafka topics; a channel is named after its topic. */
public final class Topics {

    public static final String INGEST_COMMANDS = "ingest-commands";
    public static final String EXAMPLES_INGESTED = "examples-ingested";
    public static final String DATASETS_INGESTED = "datasets-ingested";
    public static final String EXAMPLES_AUGMENTED = "examples-augmented";
    public static final String DATASETS_AUGMENTED = "datasets-augmented";
    public static final String TRAINING_JOB_STATUSES = "training-job-statuses";
    public static final String EVALUATIONS_COMPLETED = "evaluations-completed";
    /** Commands to train a dataset, read by training-service. */
    public static final String TRAINING_COMMANDS = "training-commands";

    /** A topic and how many partitions it is created with. */
    public record Spec(String name, int partitions) {
    }

    /** Example batches spread over several partitions; dataset- and job-level events need fewer. */
    public static final List<Spec> ALL = List.of(
            new Spec(INGEST_COMMANDS, 1),
            new Spec(EXAMPLES_INGESTED, 6),
            new Spec(DATASETS_INGESTED, 3),
            new Spec(EXAMPLES_AUGMENTED, 6),
            new Spec(DATASETS_AUGMENTED, 3),
            new Spec(TRAINING_JOB_STATUSES, 3),
            new Spec(EVALUATIONS_COMPLETED, 3),
            new Spec(TRAINING_COMMANDS, 1));

    private Topics() {
    }

    /** Header of a dead letter: how often its consumer retried it before giving up (0 for a poison event). */
    public static final String DEAD_LETTER_RETRIES = "dead-letter-retries";

    /** The dead-letter topic of one consumer group's incoming channel. */
    public static String deadLetter(String service, String topic) {
        return service + "." + topic + ".dlq";
    }
}
