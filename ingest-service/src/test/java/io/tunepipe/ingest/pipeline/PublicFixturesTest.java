package io.tunepipe.ingest.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.Example;
import io.tunepipe.text.TextCleaner;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every CSV fixture of csvlint.rb's and csv-spectrum's public suites (shipped in {@code fixtures/} with their
 * licences) ingested with its exact counts; none names a question or answer column, so each gets a mapping.
 */
class PublicFixturesTest {

    /** A fixture, the columns mapped to question and answer, and what it must give. */
    private record Case(String file, String question, String answer, long read, long examples, long rejected,
            long duplicates) {
    }

    private static final List<Case> CSVLINT = List.of(
            new Case("cr-line-endings.csv", "Foo", "Baz", 2, 2, 0, 0),
            new Case("crlf-line-endings.csv", "Foo", "Baz", 2, 2, 0, 0),
            new Case("inconsistent-line-endings-unquoted.csv", "Foo", "Baz", 2, 2, 0, 0),
            new Case("inconsistent-line-endings.csv", "Foo", "Baz", 2, 2, 0, 0),
            new Case("invalid-byte-sequence.csv", "Histórico", "Valor", 23, 23, 0, 0),
            // a stray quote after a closing one, a blank line and an all-empty row among repeats of two rows
            new Case("invalid_many_rows.csv", "Foo", "Baz", 10, 2, 1, 7),
            new Case("lf-line-endings.csv", "Foo", "Baz", 2, 2, 0, 0),
            new Case("title-row.csv", "Foo", "Baz", 2, 2, 0, 0),
            new Case("valid.csv", "Foo", "Baz", 2, 2, 0, 0),
            new Case("valid_many_rows.csv", "Foo", "Baz", 6, 2, 0, 4),
            new Case("white space in filename.csv", "Foo", "Baz", 2, 2, 0, 0),
            new Case("windows-line-endings.csv", "a", "c", 1, 1, 0, 0));

    private static final List<Case> SPECTRUM = List.of(
            new Case("comma_in_quotes", "address", "city", 1, 1, 0, 0),
            new Case("empty", "a", "c", 2, 1, 1, 0),
            new Case("empty_crlf", "a", "c", 2, 1, 1, 0),
            new Case("escaped_quotes", "a", "b", 2, 2, 0, 0),
            new Case("json", "key", "val", 1, 1, 0, 0),
            new Case("location_coordinates", "Cities", "Location Coordinates", 1, 1, 0, 0),
            new Case("newlines", "a", "c", 3, 3, 0, 0),
            new Case("newlines_crlf", "a", "c", 3, 3, 0, 0),
            new Case("quotes_and_newlines", "a", "b", 2, 2, 0, 0),
            new Case("simple", "a", "c", 1, 1, 0, 0),
            new Case("simple_crlf", "a", "c", 1, 1, 0, 0),
            new Case("utf8", "a", "c", 2, 2, 0, 0));

    private final IngestPipeline pipeline = new IngestPipeline(IngestSettings.defaults());

    @Test
    void everyCsvlintFixtureIsReadWithItsExactCounts() throws Exception {
        for (Case c : CSVLINT) {
            ingest("fixtures/csvlint/" + c.file(), c, new CollectingSink());
        }
    }

    @Test
    void everyCsvSpectrumFixtureGivesTheCellsOfItsExpectedJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Case c : SPECTRUM) {
            CollectingSink sink = new CollectingSink();
            ingest("fixtures/csv-spectrum/csvs/" + c.file() + ".csv", c, sink);
            JsonNode expected;
            try (InputStream in = resource("fixtures/csv-spectrum/json/" + c.file() + ".json")) {
                expected = json.readTree(in);
            }
            List<JsonNode> rows = expected.isArray() ? StreamSupport.stream(expected.spliterator(), false).toList()
                    : List.of(expected);
            List<List<String>> wanted = new ArrayList<>();
            for (JsonNode row : rows) {
                String answer = TextCleaner.clean(row.path(c.answer()).asText());
                if (!answer.isEmpty()) {
                    wanted.add(List.of(TextCleaner.clean(row.path(c.question()).asText()), answer));
                }
            }
            if (c.file().equals("location_coordinates")) {
                continue; // its JSON names another phone number than its CSV, so only the counts are compared
            }
            assertThat(sink.examples).as(c.file()).extracting(e -> List.of(e.prompt(), e.completion()))
                    .containsExactlyElementsOf(wanted);
        }
    }

    @Test
    void everyFixtureNeedsItsMappingForNoneNamesAQuestionColumn() throws Exception {
        List<String> paths = new ArrayList<>();
        CSVLINT.forEach(c -> paths.add("fixtures/csvlint/" + c.file()));
        SPECTRUM.forEach(c -> paths.add("fixtures/csv-spectrum/csvs/" + c.file() + ".csv"));
        for (String path : paths) {
            try (InputStream in = resource(path)) {
                assertThatThrownBy(() -> pipeline.run("fx", in, ColumnMapping.detect(), new CollectingSink()))
                        .as(path).isInstanceOf(UnreadableFileException.class)
                        .hasMessageContaining("No column could be used as the question");
            }
        }
        assertThat(paths).hasSize(24);
    }

    @Test
    void theTitleRowIsNotTakenForTheHeader() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult r = ingest("fixtures/csvlint/title-row.csv", CSVLINT.get(7), sink);

        assertThat(r.header()).containsExactly("Foo", "Bsr", "Baz");
        assertThat(sink.examples).extracting(Example::prompt, Example::completion, Example::sourceLine)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Biff", "Boff", 3L),
                        org.assertj.core.groups.Tuple.tuple("Qux", "Doge", 4L));
        try (InputStream in = resource("fixtures/csvlint/title-row.csv")) {
            assertThatThrownBy(() -> pipeline.run("fx", in, ColumnMapping.detect(), new CollectingSink()))
                    .isInstanceOf(UnreadableFileException.class).hasMessageContaining("[Foo, Bsr, Baz]");
        }
    }

    @Test
    void spreadsheetFixturesAreRefusedAsFilesWithAReason() throws Exception {
        for (String file : List.of("spreadsheet.xls", "spreadsheet.xlsx")) {
            try (InputStream in = resource("fixtures/csvlint/" + file)) {
                assertThatThrownBy(() -> pipeline.run("fx", in, ColumnMapping.detect(), new CollectingSink()))
                        .as(file).isInstanceOf(UnreadableFileException.class).hasMessageContaining("export the sheet");
            }
        }
    }

    private IngestResult ingest(String path, Case c, CollectingSink sink) throws Exception {
        IngestResult r;
        try (InputStream in = resource(path)) {
            r = pipeline.run("fx", in, new ColumnMapping(c.question(), c.answer(), null, null, null, null, List.of()),
                    sink);
        }
        long rejected = r.rejectedByReason().values().stream().mapToLong(Long::longValue).sum();
        assertThat(List.of(r.rowsRead(), r.examples().total(), rejected, r.duplicates())).as(path)
                .containsExactly(c.read(), c.examples(), c.rejected(), c.duplicates());
        assertThat(r.rowsRead()).as(path).isEqualTo(r.examples().total() + rejected + r.duplicates());
        assertThat(sink.examples).as(path).hasSize((int) c.examples());
        assertThat(sink.rejected).as(path).hasSize((int) c.rejected());
        return r;
    }

    private static InputStream resource(String path) {
        InputStream in = PublicFixturesTest.class.getClassLoader().getResourceAsStream(path);
        assertThat(in).as(path).isNotNull();
        return in;
    }
}
