package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.Example;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fields and rows over the streaming caps are rejected without being held: the 300 MB field is generated as it is
 * read, and this test runs in a JVM whose heap (128 MB, see the module's pom) could not hold it.
 */
class HugeFieldTest {

    private static final long MB = 1_000_000;

    @Test
    void aQuotedFieldOf300MegabytesIsRejectedWithItsLineAndTheNextRowsAreRead() throws Exception {
        // surefire's -Dtest runs it in the default execution too, with the default heap: the proof is the other run
        assumeTrue(Runtime.getRuntime().maxMemory() < 300 * MB, "runs in the small-heap execution");
        byte[] chunk = new byte[(int) MB]; // a line of 999,999 characters, inside the quotes
        Arrays.fill(chunk, (byte) 'x');
        chunk[chunk.length - 1] = '\n';
        CollectingSink sink = new CollectingSink();
        IngestResult r = new IngestPipeline(IngestSettings.defaults()).run("big", concat(
                text("question,answer\nFirst?,One.\nBig?,\""), repeated(chunk, 300), text("end\"\nNext?,Two.\n")),
                ColumnMapping.detect(), sink);

        assertThat(sink.examples).extracting(Example::prompt, Example::sourceLine)
                .containsExactly(tuple("First?", 2L), tuple("Next?", 304L));
        assertThat(sink.rejected).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(3);
            assertThat(row.reason()).isEqualTo("too-long");
            assertThat(row.detail()).contains("a field longer than 1000000 characters");
        });
        assertThat(r.rowsRead()).isEqualTo(3);
    }

    @Test
    void unquotedFieldsLongRowsAndAQuoteLeftOpenAreCappedToo() throws Exception {
        IngestPipeline pipeline = new IngestPipeline(new IngestSettings(0.8, 0.1, 0.1, 0.05, "gpt-4o-mini", 4096,
                100));
        String field = "y".repeat(900); // under the raw field cap of 1,000 characters
        CollectingSink sink = new CollectingSink();
        IngestResult r = pipeline.run("caps", text("question,answer,notes\r\nA?,One.\r\nB?,"
                + "z".repeat(1500) + "\r\nC?,Three," + field + "," + field + "," + field + "\r\nD?,Four.\r\nE?,\"open "
                + "w\n".repeat(2000)),
                ColumnMapping.detect(), sink);

        assertThat(sink.prompts()).containsExactly("A?", "D?");
        assertThat(sink.rejected).extracting(RejectedRow::line, RejectedRow::reason).containsExactly(
                tuple(3L, "too-long"), tuple(4L, "too-long"), tuple(6L, "too-long"));
        assertThat(sink.rejected.get(1).detail()).contains("more than 2000 characters");
        assertThat(sink.rejected.get(2).detail()).contains("quote left open");
        assertThat(r.rowsRead()).isEqualTo(5);
    }

    @Test
    void aHeaderOverTheCapRejectsTheFileWithAReason() {
        IngestPipeline pipeline = new IngestPipeline(new IngestSettings(0.8, 0.1, 0.1, 0.05, "gpt-4o-mini", 4096,
                100));
        assertThatThrownBy(() -> pipeline.run("caps", text("question,answer" + "q".repeat(5000) + "\nA?,a\n"),
                ColumnMapping.detect(), new CollectingSink()))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("longer than 1000 characters");
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream concat(InputStream... parts) {
        return new SequenceInputStream(Collections.enumeration(List.of(parts)));
    }

    /** {@code chunk} {@code times} over, generated as it is read. */
    private static InputStream repeated(byte[] chunk, int times) {
        return concat(java.util.stream.IntStream.range(0, times).mapToObj(i -> new ByteArrayInputStream(chunk))
                .toArray(InputStream[]::new));
    }
}
