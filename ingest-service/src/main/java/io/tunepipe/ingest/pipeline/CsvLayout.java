package io.tunepipe.ingest.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the table starts and how its cells are separated, sniffed from the first 64 KiB of text: the delimiter
 * (comma, semicolon, tab or pipe) is the one that splits most records into the same number of cells, and the
 * header is the first record with that many; title rows above it are skipped.
 *
 * @param linesBeforeHeader physical lines (title rows, blank lines) above the header
 */
record CsvLayout(char delimiter, long linesBeforeHeader) {

    static final int SNIFF_CHARS = 64 * 1024;
    private static final char[] CANDIDATES = {',', ';', '\t', '|'};
    private static final int SAMPLE_RECORDS = 50;

    /** Sniffs from a reader that supports mark and reset; the reader is left where it was. */
    static CsvLayout sniff(BufferedReader reader) throws IOException, UnreadableFileException {
        reader.mark(SNIFF_CHARS + 1);
        char[] buffer = new char[SNIFF_CHARS];
        int length = 0;
        for (int n; length < buffer.length && (n = reader.read(buffer, length, buffer.length - length)) > 0; ) {
            length += n;
        }
        reader.reset();
        List<Sampled> records = records(new String(buffer, 0, length), length == SNIFF_CHARS);
        if (records.isEmpty()) {
            throw new UnreadableFileException("The file holds no text rows.");
        }
        char best = 0;
        int bestCells = 0;
        long bestAgreement = 0;
        for (char candidate : CANDIDATES) {
            Map<Integer, Long> histogram = new HashMap<>();
            for (Sampled r : records) {
                int cells = r.count(candidate) + 1;
                if (cells > 1) {
                    histogram.merge(cells, 1L, Long::sum);
                }
            }
            for (var e : histogram.entrySet()) {
                if (e.getValue() > bestAgreement || e.getValue() == bestAgreement && e.getKey() > bestCells) {
                    best = candidate;
                    bestCells = e.getKey();
                    bestAgreement = e.getValue();
                }
            }
        }
        if (best == 0) {
            throw new UnreadableFileException("No column delimiter found: the file needs at least a question and an"
                    + " answer column separated by commas, semicolons, tabs or pipes.");
        }
        for (Sampled r : records) {
            if (r.count(best) + 1 == bestCells) {
                return new CsvLayout(best, r.startLine());
            }
        }
        throw new IllegalStateException("the modal record vanished");
    }

    /** A logical record of the sample (quoted line breaks kept inside) and the physical line it starts on. */
    private record Sampled(long startLine, Map<Character, Integer> delimiters) {
        int count(char c) {
            return delimiters.getOrDefault(c, 0);
        }
    }

    private static List<Sampled> records(String text, boolean truncated) {
        List<Sampled> records = new ArrayList<>();
        Map<Character, Integer> counts = new HashMap<>();
        boolean quoted = false;
        boolean blank = true;
        long line = 0;
        long start = 0;
        for (int i = 0; i < text.length() && records.size() < SAMPLE_RECORDS; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                blank = false;
            } else if ((c == '\n' || c == '\r') && !quoted) {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (!blank) {
                    records.add(new Sampled(start, counts));
                }
                counts = new HashMap<>();
                blank = true;
                line++;
                start = line;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                line++;
            } else {
                if (!quoted && (c == ',' || c == ';' || c == '\t' || c == '|')) {
                    counts.merge(c, 1, Integer::sum);
                }
                if (!Character.isWhitespace(c)) {
                    blank = false;
                }
            }
        }
        if (!blank && !truncated && records.size() < SAMPLE_RECORDS) {
            records.add(new Sampled(start, counts));
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
