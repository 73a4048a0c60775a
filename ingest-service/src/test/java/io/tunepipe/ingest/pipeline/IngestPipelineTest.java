package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Split;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link IngestPipeline} on CSV files in memory: delimiters, line endings, quotes, title rows, encodings and HTML read
 * or cleaned, bad rows, duplicates and conflicts rejected with their line, variants grouped, unreadable files refused
 * in plain words, and random or truncated bytes never crashing it.
 */
class IngestPipelineTest {

    private final IngestPipeline pipeline = new IngestPipeline(IngestSettings.defaults());

    private IngestResult run(byte[] bytes, ColumnMapping mapping, CollectingSink sink) throws Exception {
        return pipeline.run("ds", new ByteArrayInputStream(bytes), mapping, sink);
    }

    private IngestResult run(String text, CollectingSink sink) throws Exception {
        return run(text.getBytes(StandardCharsets.UTF_8), ColumnMapping.detect(), sink);
    }

    @Test
    void readsAPlainCommaFile() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult r = run("question,answer\nWhen?,Now.\nWhere?,Here.\n", sink);

        assertThat(sink.prompts()).containsExactly("When?", "Where?");
        assertThat(r.rowsRead()).isEqualTo(2);
        assertThat(r.delimiter()).isEqualTo(',');
        assertThat(r.encoding()).isEqualTo("UTF-8");
        assertThat(sink.examples.get(0).id()).isEqualTo("ds/2");
        assertThat(sink.examples.get(1).sourceLine()).isEqualTo(3);
    }

    @Test
    void sniffsSemicolonTabAndPipe() throws Exception {
        for (String d : List.of(";", "\t", "|")) {
            CollectingSink sink = new CollectingSink();
            IngestResult r = run("prompt" + d + "completion\nA, b?" + d + "C, d.\n", sink);
            assertThat(r.delimiter()).isEqualTo(d.charAt(0));
            assertThat(sink.examples.get(0).completion()).isEqualTo("C, d.");
        }
    }

    @Test
    void handlesEveryLineEndingAndCountsLinesRight() throws Exception {
        CollectingSink sink = new CollectingSink();
        run("question,answer\r\nQ1,A1\rQ2,A2\nQ3,A3\r\n", sink);

        assertThat(sink.prompts()).containsExactly("Q1", "Q2", "Q3");
        assertThat(sink.examples).extracting(Example::sourceLine).containsExactly(2L, 3L, 4L);
    }

    @Test
    void quotedFieldsKeepLineBreaksDelimitersAndQuotes() throws Exception {
        CollectingSink sink = new CollectingSink();
        run("question,answer\n\"Say \"\"hi\"\", please?\",\"Line one,\nline two\"\nNext?,Yes\n", sink);

        assertThat(sink.examples.get(0).prompt()).isEqualTo("Say \"hi\", please?");
        assertThat(sink.examples.get(0).completion()).isEqualTo("Line one,\nline two");
        assertThat(sink.examples.get(1).sourceLine()).isEqualTo(4);
    }

    @Test
    void textAfterAClosingQuoteStaysInTheFieldQuotesAndAll() throws Exception {
        CollectingSink sink = new CollectingSink();
        run("question,answer\n\"Where?\" now,\"Here \"\"exactly\"\" \"and\" there\"\n"
                + "\"Open\" \"to\nthe end?\",Yes\nNext?,No\n", sink);

        // as RFC 4180 readers such as Commons CSV read it: after the closing quote, the field runs to the line end
        assertThat(sink.prompts()).containsExactly("Where? now", "the end?\"", "Next?");
        assertThat(sink.examples.get(0).completion()).isEqualTo("Here \"exactly\" and\" there\"");
        assertThat(sink.examples).extracting(Example::sourceLine).containsExactly(2L, 4L, 5L);
        assertThat(sink.rejected).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(3);
            assertThat(row.reason()).isEqualTo("empty-answer");
            assertThat(row.raw()).isEqualTo("Open \"to");
        });
    }

    @Test
    void skipsTitleRowsAboveTheHeader() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult r = run("FAQ export 2020\n\nquestion,answer,notes\nQ?,A.,x\n", sink);

        assertThat(r.header()).containsExactly("question", "answer", "notes");
        assertThat(sink.examples.get(0).sourceLine()).isEqualTo(4);
    }

    @Test
    void toleratesTrailingEmptyColumnsAndShortRows() throws Exception {
        CollectingSink sink = new CollectingSink();
        run("question,answer,,\nQ1,A1,,\nQ2,A2\n", sink);

        assertThat(sink.prompts()).containsExactly("Q1", "Q2");
    }

    @Test
    void detectsUtf8BomUtf16AndWindows1252() throws Exception {
        String text = "question,answer\nQuébec?,Oui — été.\n";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Map<String, byte[]> files = Map.of(
                "UTF-8 (BOM)", concat(bom, text.getBytes(StandardCharsets.UTF_8)),
                "UTF-16LE", concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE)),
                "UTF-16BE", concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE)),
                "windows-1252", text.getBytes(Charset.forName("windows-1252")));
        for (var file : files.entrySet()) {
            CollectingSink sink = new CollectingSink();
            IngestResult r = run(file.getValue(), ColumnMapping.detect(), sink);
            assertThat(r.encoding()).isEqualTo(file.getKey());
            assertThat(sink.examples.get(0).prompt()).isEqualTo("Québec?");
            assertThat(sink.examples.get(0).completion()).isEqualTo("Oui — été.");
            assertThat(r.header()).containsExactly("question", "answer");
        }
    }

    @Test
    void cleansHtmlSpacesAndNormalisesUnicode() throws Exception {
        CollectingSink sink = new CollectingSink();
        run("question,answer\n\"Que\u0301bec\u00A0 city?\",\"<p>Cold &amp; snowy</p><p>in winter</p>\"\n", sink);

        assertThat(sink.examples.get(0).prompt()).isEqualTo("Québec city?");
        assertThat(sink.examples.get(0).completion()).isEqualTo("Cold & snowy\n\nin winter");
    }

    @Test
    void rejectsBadRowsWithTheirLineAndReason() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult r = run("question,answer\n,An answer\nA question,\n,\nSame text,same text!\nOK?,Yes\n", sink);

        assertThat(sink.prompts()).containsExactly("OK?");
        assertThat(sink.rejected).extracting(RejectedRow::line, RejectedRow::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, "empty-question"),
                org.assertj.core.groups.Tuple.tuple(3L, "empty-answer"),
                org.assertj.core.groups.Tuple.tuple(4L, "empty-row"),
                org.assertj.core.groups.Tuple.tuple(5L, "answer-as-question"));
        assertThat(r.rejectedByReason()).containsEntry("empty-question", 1L).containsEntry("answer-as-question", 1L);
        assertThat(r.rowsRead()).isEqualTo(5);
    }

    @Test
    void rejectsExamplesOverTheTokenLimit() throws Exception {
        IngestPipeline strict = new IngestPipeline(new IngestSettings(0.8, 0.1, 0.1, 0.05, "gpt-4o-mini", 20, 100_000));
        CollectingSink sink = new CollectingSink();
        strict.run("ds", new ByteArrayInputStream(("question,answer\nShort?,Yes.\nLong?," + "word ".repeat(50) + "\n")
                .getBytes(StandardCharsets.UTF_8)), ColumnMapping.detect(), sink);

        assertThat(sink.prompts()).containsExactly("Short?");
        assertThat(sink.rejected.get(0).reason()).isEqualTo("too-many-tokens");
        assertThat(sink.rejected.get(0).detail()).contains("limit is 20");
    }

    @Test
    void duplicatesAreDroppedAndConflictsReported() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult r = run("question,answer\nWhat time?,Nine.\nwhat  TIME ?,nine\nWhat time?,Ten.\n", sink);

        assertThat(sink.prompts()).containsExactly("What time?");
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.conflicts()).isEqualTo(1);
        assertThat(sink.rejected).singleElement().satisfies(row -> {
            assertThat(row.reason()).isEqualTo("conflicting-answer");
            assertThat(row.line()).isEqualTo(4);
            assertThat(row.detail()).contains("line 2");
        });
    }

    @Test
    void variantsBecomeExamplesOfTheSameGroupWhoseFirstIsTrained() throws Exception {
        CollectingSink sink = new CollectingSink();
        run("question,answer,rewordings\n\"When was he born?\",1971,"
                + "\"What is his birth year?\nBorn when?\n\n1971\"\n", sink);

        assertThat(sink.prompts()).containsExactly("When was he born?", "What is his birth year?", "Born when?");
        assertThat(sink.examples).extracting(Example::groupId).containsOnly(sink.examples.get(0).groupId());
        assertThat(sink.examples.get(0).split()).isEqualTo(Split.TRAIN);
        assertThat(sink.examples).extracting(Example::id).containsExactly("ds/2", "ds/2/v1", "ds/2/v2");
        assertThat(sink.rejected).singleElement().extracting(RejectedRow::reason).isEqualTo("answer-as-question");
    }

    @Test
    void explicitMappingIsCaseAndPunctuationInsensitive() throws Exception {
        CollectingSink sink = new CollectingSink();
        run("Frage;Antwort\nWie?;So.\n".getBytes(StandardCharsets.UTF_8),
                new ColumnMapping("frage", "ANTWORT", null, null, null, null, List.of()), sink);
        assertThat(sink.examples.get(0).completion()).isEqualTo("So.");

        assertThatThrownBy(() -> run("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8),
                new ColumnMapping("question", "b", null, null, null, null, List.of()), new CollectingSink()))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("no such column");
    }

    @Test
    void theKeyHashIsTakenWithoutBuildingTheKey() {
        for (String text : List.of("", "  What is   Jonny's BIRTHDAY?? ", "Où est l'Élysée ?", "tab\there\u00a0nbsp",
                "emoji \uD83D\uDE00 and \uD835\uDC00 math", "ΣΊΣΥΦΟΣ", "...", "a-b_c")) {
            long fnv = 0xcbf29ce484222325L; // 64-bit FNV-1a over the key's UTF-16 units, written out
            for (char c : QuestionKey.of(text).toCharArray()) {
                fnv = (fnv ^ c) * 0x100000001b3L;
            }
            assertThat(QuestionKey.hash(text)).as(text).isEqualTo(fnv);
        }
        assertThat(QuestionKey.of("  What is   Jonny's BIRTHDAY?? ")).isEqualTo("what is jonnys birthday");
        assertThat(QuestionKey.hash("  What is   Jonny's BIRTHDAY?? "))
                .isEqualTo(QuestionKey.hash("What is Jonnys birthday?"))
                .isNotEqualTo(QuestionKey.hash("what is jonnys birth day"));
    }

    @Test
    void unknownSplitNamesAreRejected() throws Exception {
        CollectingSink sink = new CollectingSink();
        run("question,answer,split\nQ?,A,trian\n", sink);
        assertThat(sink.rejected.get(0).reason()).isEqualTo("unknown-split");
    }

    @Test
    void unreadableFilesSayWhyInPlainWords() {
        assertThatThrownBy(() -> run(new byte[0], ColumnMapping.detect(), new CollectingSink()))
                .hasMessage("The file is empty.");
        assertThatThrownBy(() -> run("%PDF-1.7 blah".getBytes(StandardCharsets.US_ASCII), ColumnMapping.detect(),
                new CollectingSink())).hasMessageContaining("PDF");
        assertThatThrownBy(() -> run("just one column\nno delimiters here\n", new CollectingSink()))
                .hasMessageContaining("No column delimiter");
        assertThatThrownBy(() -> run("alpha,beta\n1,2\n", new CollectingSink()))
                .hasMessageContaining("No column could be used as the question").hasMessageContaining("[alpha, beta]");
    }

    @Test
    void randomAndTruncatedBytesNeverCrash() throws Exception {
        Random random = new Random(42);
        byte[] good = java.nio.file.Files.readAllBytes(
                io.tunepipe.testdata.TestData.file(io.tunepipe.testdata.TestData.QUEBEC_COLLECTION2));
        for (int i = 0; i < 200; i++) {
            byte[] bytes;
            if (i % 2 == 0) {
                bytes = new byte[random.nextInt(5000)];
                random.nextBytes(bytes);
            } else {
                bytes = java.util.Arrays.copyOf(good, random.nextInt(good.length));
            }
            CollectingSink sink = new CollectingSink();
            try {
                IngestResult r = run(bytes, ColumnMapping.detect(), sink);
                assertThat(r.rowsRead()).isGreaterThanOrEqualTo(0);
            } catch (UnreadableFileException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
