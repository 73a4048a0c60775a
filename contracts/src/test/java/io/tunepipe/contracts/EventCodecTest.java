package io.tunepipe.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every event type through {@link EventCodec}: the JSON round trip, the CloudEvents headers, and a clear poison error
 * for garbage, an unknown type, a newer schema version or another type than expected.
 */
class EventCodecTest {

    private static final Example EXAMPLE = new Example("ds-1/12", "ds-1/g7", Split.TRAIN, "When was Jonny born?",
            "In 1981, in Wigan.", "You answer questions about Jonny.", Origin.ORIGINAL, null, 12);

    static Stream<TunepipeEvent> everyEventType() {
        return Stream.of(
                new IngestRequested(meta(), "/data/faq.csv", "faq", new ColumnMapping("questions", "answers", null,
                        null, null, null, List.of("rewordings")), true),
                new ExamplesIngested(meta(), "ds-1", 3, List.of(EXAMPLE)),
                new DatasetIngested(meta(), "ds-1", "faq", "sha256:ab", 313, new SplitCounts(250, 31, 32),
                        Map.of("empty-answer", 2L), 5, 1, 4),
                new DatasetRejected(meta(), "ds-2", "blob.bin", "The file is binary, not CSV text."),
                new ExamplesAugmented(meta(), "ds-1", 0, List.of(new Example("ds-1/12/p1", "ds-1/g7", Split.TRAIN,
                        "What year was Jonny born?", "In 1981, in Wigan.", null, Origin.PARAPHRASE, "ds-1/12", 12))),
                new DatasetAugmented(meta(), "ds-1", "offline", 4, 1200, 900, Map.of("too-close", 300L)),
                new TrainingJobStatusChanged(meta(), "job-1", "ds-1", "openai", "ftjob-abc", "gpt-4o-mini",
                        JobStatus.FAILED, null, 12000L, new JobError("invalid_n_examples", "too few examples"), null),
                new EvaluationCompleted(meta(), "ev-1", "job-1", "ds-1",
                        List.of(new ModelScores("local-minilm", ModelScores.BASE, 32, 0, 0.1, 0.2, 0.5, 0.8, 0.1, 0.8,
                                        1.0),
                                new ModelScores("local-minilm:rag:1", ModelScores.RETRIEVAL, 32, 0, 0.6, 0.65, 0.85,
                                        0.1, 0.6, 0.1, 0.5),
                                new ModelScores("local-minilm:ft:1", ModelScores.FINE_TUNED, 32, 1, 0.7, 0.75, 0.9,
                                        0.05, 0.7, 0.05, null)),
                        new Verdict(Verdict.Outcome.PROMOTED, "beat its base (p < 0.001)", "exact_match", 0.6,
                                0.0001, 0.1, 0.2, false)));
    }

    private static EventMetadata meta() {
        return EventMetadata.create("/test", "ds-1");
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void everyEventSurvivesTheRoundTrip(TunepipeEvent event) {
        String json = EventCodec.encode(event);

        assertThat(EventCodec.decode(json)).isEqualTo(event);
        assertThat(json).contains("\"type\":\"" + event.type() + "\"")
                .contains("\"schemaVersion\":" + TunepipeEvent.SCHEMA_VERSION);
    }

    @Test
    void everyRegisteredTypeIsCovered() {
        assertThat(everyEventType().<Class<?>>map(TunepipeEvent::getClass).distinct())
                .containsExactlyInAnyOrder(TunepipeEvent.class.getPermittedSubclasses());
    }

    @Test
    void newerSchemaVersionIsRejectedWithAClearMessage() {
        String json = EventCodec.encode(new DatasetRejected(meta(), "ds-2", "x.csv", "empty"))
                .replace("\"schemaVersion\":2", "\"schemaVersion\":3");

        assertThatThrownBy(() -> EventCodec.decode(json))
                .isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("schema version 3")
                .hasMessageContaining("understands up to version 2");
    }

    @Test
    void garbageAndUnknownTypesAreRejected() {
        assertThatThrownBy(() -> EventCodec.decode("not json {")).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> EventCodec.decode("{\"type\":\"io.other.thing\",\"metadata\":{}}"))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("unknown event type");
    }

    @Test
    void decodeWithExpectedTypeRefusesAnotherType() {
        String json = EventCodec.encode(new DatasetRejected(meta(), "ds-2", "x.csv", "empty"));

        assertThatThrownBy(() -> EventCodec.decode(json, DatasetIngested.class))
                .isInstanceOf(PoisonEventException.class).hasMessageContaining("expected io.tunepipe.dataset.ingested");
    }

    @Test
    void cloudEventHeadersCarryTheAttributes() {
        DatasetRejected event = new DatasetRejected(meta(), "ds-2", "x.csv", "empty");

        Map<String, String> headers = EventCodec.cloudEventHeaders(event);

        assertThat(headers).containsEntry("ce_specversion", "1.0").containsEntry("ce_type", DatasetRejected.TYPE)
                .containsEntry("ce_id", event.metadata().id()).containsEntry("ce_subject", "ds-1")
                .containsKeys("ce_time", "ce_source");
    }
}
