package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.text.TextCleaner;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the table starts and how its cells are separated, sniffed from the first 64 KiB of text: the delimiter
 * (comma, semicolon, tab or pipe) is the one that splits most records into the same number of cells, and the
 * header is the first of the leading records whose names the column mapping resolves, else the first record of
 * that width with at least two names; title rows, notes and blank lines above it are skipped.
 *
 * @param linesBeforeHeader physical lines (title rows, notes, blank lines) above the header
 */
record CsvLayout(char delimiter, long linesBeforeHeader) {

    static final int SNIFF_CHARS = 64 * 1024;
    private static final char[] CANDIDATES = {',', ';', '\t', '|'};
    private static final int SAMPLE_RECORDS = 50;
    /** How many leading records may be a title or a note above the header. */
    private static final int HEADER_WINDOW = 10;

    /**
     * RFC 4180 by FastCSV, lenient about files cut short, text after a closing quote and rows of any width; blank lines
     * skipped. {@code maxChars} bounds its buffer, which holds one field: the caps of {@link CappedCsvReader} keep
     * fields shorter.
     */
    static CsvReader.CsvReaderBuilder parser(char delimiter, long maxChars) {
        return CsvReader.builder()
                .fieldSeparator(delimiter)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(true)
                .maxBufferSize((int) Math.min(Integer.MAX_VALUE - 16, maxChars + 3 * 8192));
    }

    /** Sniffs from a reader that supports mark and reset; the reader is left where it was. */
    static CsvLayout sniff(BufferedReader reader, ColumnMapping mapping) throws IOException, UnreadableFileException {
        reader.mark(SNIFF_CHARS + 1);
        char[] buffer = new char[SNIFF_CHARS];
        int length = 0;
        for (int n; length < buffer.length && (n = reader.read(buffer, length, buffer.length - length)) > 0; ) {
            length += n;
        }
        reader.reset();
        String sample = new String(buffer, 0, length);
        char best = 0;
        int bestCells = 0;
        long bestAgreement = 0;
        List<Sampled> bestRecords = List.of();
        boolean anyRecord = false;
        for (char candidate : CANDIDATES) {
            List<Sampled> records = records(sample, length == SNIFF_CHARS, candidate);
            anyRecord |= !records.isEmpty();
            Map<Integer, Long> histogram = new HashMap<>();
            for (Sampled r : records) {
                if (r.cells().size() > 1) {
                    histogram.merge(r.cells().size(), 1L, Long::sum);
                }
            }
            for (var e : histogram.entrySet()) {
                if (e.getValue() > bestAgreement || e.getValue() == bestAgreement && e.getKey() > bestCells) {
                    best = candidate;
                    bestCells = e.getKey();
                    bestAgreement = e.getValue();
                    bestRecords = records;
                }
            }
        }
        if (!anyRecord) {
            throw new UnreadableFileException("The file holds no text rows.");
        }
        if (best == 0) {
            throw new UnreadableFileException("No column delimiter found: the file needs at least a question and an"
                    + " answer column separated by commas, semicolons, tabs or pipes.");
        }
        return new CsvLayout(best, header(bestRecords, bestCells, mapping).startLine());
    }

    /** The first leading record the mapping resolves, else the first of the table's width with two names or more. */
    private static Sampled header(List<Sampled> records, int width, ColumnMapping mapping) {
        Sampled named = null;
        Sampled wide = null;
        for (int i = 0; i < records.size(); i++) {
            Sampled r = records.get(i);
            if (i < HEADER_WINDOW && r.names() >= 2 && r.resolves(mapping)) {
                return r;
            }
            if (r.cells().size() == width) {
                if (named == null && r.names() >= 2) {
                    named = r;
                }
                if (wide == null) {
                    wide = r;
                }
            }
        }
        return named != null ? named : wide;
    }

    /** A non-blank record of the sample, its cells cleaned as header names are, and the line it starts on. */
    private record Sampled(long startLine, List<String> cells) {

        long names() {
            return cells.stream().filter(c -> !c.isEmpty()).count();
        }

        boolean resolves(ColumnMapping mapping) {
            try {
                ColumnRoles.resolve(cells, mapping);
                return true;
            } catch (UnreadableFileException e) {
                return false;
            }
        }
    }

    /** The sample's non-blank records split at {@code delimiter}; one cut by the end of a full sample is left out. */
    private static List<Sampled> records(String sample, boolean truncated, char delimiter) {
        List<Sampled> records = new ArrayList<>();
        boolean exhausted = false;
        Reader text = new CappedCsvReader(new StringReader(sample), delimiter, Long.MAX_VALUE, Long.MAX_VALUE);
        try (CloseableIterator<CsvRecord> iterator = parser(delimiter, sample.length()).ofCsvRecord(text).iterator()) {
            while (records.size() < SAMPLE_RECORDS) {
                if (!iterator.hasNext()) {
                    exhausted = true;
                    break;
                }
                CsvRecord record = iterator.next();
                if (record.getFieldCount() > 1 || !record.getField(0).isBlank()) {
                    records.add(new Sampled(record.getStartingLineNumber() - 1,
                            record.getFields().stream().map(TextCleaner::clean).toList()));
                }
            }
        } catch (IOException | UncheckedIOException | CsvParseException e) {
            exhausted = true; // what was read before the fault is the sample
        }
        if (truncated && exhausted && !records.isEmpty()) {
            records.remove(records.size() - 1);
        }
        return records;
    }

    /** Reads past the lines above the header, counting CR, LF and CRLF each as one line end. */
    void skipToHeader(BufferedReader reader) throws IOException {
        long skipped = 0;
        while (skipped < linesBeforeHeader) {
            int c = reader.read();
            if (c < 0) {
                return;
            }
            if (c == '\n') {
                skipped++;
            } else if (c == '\r') {
                reader.mark(1);
                if (reader.read() != '\n') {
                    reader.reset();
                }
                skipped++;
            }
        }
    }
}
