package io.tunepipe.ingest.pipeline;

import de.siegmar.fastcsv.reader.CsvRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FastCSV behind {@link CappedCsvReader} reads every text as Commons CSV does with trailing data and a lenient end
 * (the ingest's parser before FastCSV, and the reading the ingest tests fix), but for line breaks inside quotes, which
 * it gives as line feeds, as cleaning would: random texts of quotes, delimiters, line breaks and letters, handed over
 * in reads of random sizes so that quotes and line breaks fall on every buffer boundary.
 */
class CappedCsvReaderTest {

    private static final String ALPHABET = "ab,\"\"\n\r ";

    @Test
    void fastCsvBehindTheReaderReadsRandomTextsAsCommonsCsvDoes() throws Exception {
        Random random = new Random(20261203);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String csv = text.toString();
            assertThat(fastCsv(csv, new Random(i))).as("%s", csv.replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo(commonsCsv(csv));
        }
    }

    @Test
    void aRowOverACapBecomesAStandInOfAsManyLinesAndTheRowsAfterItStay() throws Exception {
        String csv = "q,a\n\"x\n" + "y".repeat(50) + "\nz\",w\nnext,row\n";
        CappedCsvReader reader = new CappedCsvReader(new StringReader(csv), ',', 20, 40);
        List<Long> lines = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (CsvRecord record : CsvLayout.parser(',', 40).ofCsvRecord(reader)) {
            CappedCsvReader.Skipped skipped = reader.skipped(record.getStartingLineNumber());
            lines.add(record.getStartingLineNumber());
            rows.add(skipped == null ? record.getFields() : List.of(skipped.reason(), skipped.detail()));
        }
        assertThat(lines).containsExactly(1L, 2L, 5L);
        assertThat(rows).containsExactly(List.of("q", "a"),
                List.of("too-long", "The row has a field longer than 20 characters; it was skipped."),
                List.of("next", "row"));
    }

    /** Each record as its first line, then its fields. */
    private static List<List<String>> commonsCsv(String csv) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).setLenientEof(true)
                .setTrailingData(true).get();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(csv)).setFormat(format).get()) {
            var records = parser.iterator();
            while (true) {
                long line = parser.getCurrentLineNumber() + 1;
                if (!records.hasNext()) {
                    break;
                }
                List<String> row = new ArrayList<>(List.of(Long.toString(line)));
                records.next().stream().map(field -> field.replace("\r\n", "\n").replace('\r', '\n')).forEach(row::add);
                rows.add(row);
            }
        }
        return withoutBlankLines(rows);
    }

    private static List<List<String>> fastCsv(String csv, Random reads) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        Reader source = new StringReader(csv) {
            @Override
            public int read(char[] target, int off, int len) throws java.io.IOException {
                return super.read(target, off, Math.min(len, 1 + reads.nextInt(5)));
            }
        };
        for (CsvRecord record : CsvLayout.parser(',', 1000).ofCsvRecord(new CappedCsvReader(source, ',', 1000, 2000))) {
            List<String> row = new ArrayList<>(List.of(Long.toString(record.getStartingLineNumber())));
            row.addAll(record.getFields());
            rows.add(row);
        }
        return withoutBlankLines(rows);
    }

    /** Commons CSV gives a blank line as an empty record, FastCSV skips it; the ingest skips it either way. */
    private static List<List<String>> withoutBlankLines(List<List<String>> rows) {
        return rows.stream().filter(r -> r.size() > 2 || !r.get(1).isEmpty()).toList();
    }
}
