package io.tunepipe.contracts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** An event that travels between services; its JSON carries the CloudEvents type in {@code type}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = IngestRequested.class, name = IngestRequested.TYPE),
        @JsonSubTypes.Type(value = ExamplesIngested.class, name = ExamplesIngested.TYPE),
        @JsonSubTypes.Type(value = DatasetIngested.class, name = DatasetIngested.TYPE),
        @JsonSubTypes.Type(value = DatasetRejected.class, name = DatasetRejected.TYPE),
        @JsonSubTypes.Type(value = ExamplesAugmented.class, name = ExamplesAugmented.TYPE),
        @JsonSubTypes.Type(value = DatasetAugmented.class, name = DatasetAugmented.TYPE),
        @JsonSubTypes.Type(value = TrainingJobStatusChanged.class, name = TrainingJobStatusChanged.TYPE),
        @JsonSubTypes.Type(value = EvaluationCompleted.class, name = EvaluationCompleted.TYPE),
})
public sealed interface TunepipeEvent permits IngestRequested, ExamplesIngested, DatasetIngested, DatasetRejected,
        ExamplesAugmented, DatasetAugmented, TrainingJobStatusChanged, EvaluationCompleted {

    /**
     * The newest schema version this build writes and understands. 2: the evaluation-completed verdict became an
     * outcome (PROMOTED, HELD, FAILED) with a reason and McNemar p-values, scores gained the retrieval baseline,
     * in-scope accuracy and refusal rates, and the job status event its retrieval model.
     */
    int SCHEMA_VERSION = 2;

    EventMetadata metadata();

    /** The CloudEvents type, such as {@code io.tunepipe.dataset.ingested}. */
    default String type() {
        return EventCodec.typeOf(getClass());
    }

    /** The Kafka record key: what must stay in order on one partition. */
    String key();
}
