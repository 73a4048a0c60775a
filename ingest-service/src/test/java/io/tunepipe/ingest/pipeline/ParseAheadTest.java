package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.SplitCounts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The hand-over between a stage's thread and the next stage's: order, results, failures on either side. */
class ParseAheadTest {

    @Test
    void everythingTheRunMakesReachesTheSinkInOrderThenItsResult() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult result = ParseAhead.run("parse-ahead-test", out -> {
            IngestSink run = IngestSink.of(out);
            for (int i = 0; i < 5000; i++) {
                run.example(example(i));
                if (i % 1000 == 0) {
                    run.rejected(RejectedRow.of(i, "empty-answer", "The answer is empty.", "q,"));
                }
            }
            return result(5005);
        }, sink::accept);

        assertThat(result.rowsRead()).isEqualTo(5005);
        assertThat(sink.examples).extracting(Example::sourceLine)
                .containsExactlyElementsOf(LongStream.range(0, 5000).boxed().toList());
        assertThat(sink.rejected).extracting(RejectedRow::line).containsExactly(0L, 1000L, 2000L, 3000L, 4000L);
    }

    @Test
    void aFailureOfTheRunReachesTheCaller() {
        assertThatThrownBy(() -> ParseAhead.run("parse-ahead-test", out -> {
            out.accept(example(1));
            throw new UnreadableFileException("The file has no header row.");
        }, new CollectingSink()::accept)).isInstanceOf(UnreadableFileException.class).hasMessageContaining("no header");
        assertThatThrownBy(() -> ParseAhead.run("parse-ahead-test", out -> {
            throw new IOException("disk gone");
        }, new CollectingSink()::accept)).isInstanceOf(IOException.class).hasMessage("disk gone");
    }

    @Test
    void aFailingSinkStopsTheRunThatWouldOtherwiseNeverEnd() {
        IngestSink failing = new IngestSink() {
            @Override
            public void example(Example example) {
                if (example.sourceLine() == 10_000) {
                    throw new IllegalStateException("the database is gone");
                }
            }

            @Override
            public void rejected(RejectedRow row) {
            }
        };
        assertThatThrownBy(() -> ParseAhead.run("parse-ahead-endless", out -> {
            for (long i = 0; ; i++) {
                out.accept(example(i));
            }
        }, failing::accept)).isInstanceOf(IllegalStateException.class).hasMessage("the database is gone");
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("parse-ahead-endless")));
    }

    private static Example example(long line) {
        return new Example("ds/" + line, "ds/g/" + line, Split.TRAIN, "q" + line, "a", null, Origin.ORIGINAL, null,
                line);
    }

    private static IngestResult result(long rows) {
        return new IngestResult(rows, new SplitCounts(rows, 0, 0), Map.of(), 0, 0, "UTF-8", ',', List.of());
    }
}
