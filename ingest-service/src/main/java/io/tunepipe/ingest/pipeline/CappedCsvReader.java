package io.tunepipe.ingest.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;

/**
 * Passes CSV text to the parser while capping the length of every field and record as it streams, with the quoting
 * settled as {@link CsvQuoting} reads it. The rest of a row that grows past a cap is dropped as it is read, and the
 * parser gets a stand-in record of as many lines, closed where the row ends, which {@link #skipped} names by its first
 * line: the reader never fails mid-record, so the parser's state and line count stay right.
 */
final class CappedCsvReader extends Reader {

    /**
     * A row read but not parsed into cells, by the line it starts on (counted from this reader's first line, as 1),
     * with the reason it is rejected for ({@code too-long} here) and in what way.
     */
    record Skipped(long line, String reason, String detail) {
    }

    private final Reader in;
    private final char delimiter;
    private final long maxFieldChars;
    private final long maxRecordChars;
    private final char[] buffer = new char[8192];
    private int pos;
    private int end;
    private final CsvQuoting quoting;
    /** Why the row being dropped is over a cap; null while passing text through. */
    private String dropping;
    /** Characters to pass before anything more is read. */
    private final char[] pending = new char[2];
    private int pendingStart;
    private int pendingEnd;
    private final ArrayDeque<Skipped> skipped = new ArrayDeque<>();

    CappedCsvReader(Reader in, char delimiter, long maxFieldChars, long maxRecordChars) {
        this.in = in;
        this.delimiter = delimiter;
        this.quoting = new CsvQuoting(delimiter);
        this.maxFieldChars = maxFieldChars;
        this.maxRecordChars = maxRecordChars;
    }

    /**
     * Takes the skipped row that starts on {@code line}, if the record the parser made from there is a stand-in. Asked
     * for each record in order, on the parser's thread.
     */
    Skipped skipped(long line) {
        Skipped next = skipped.peek();
        return next != null && next.line() == line ? skipped.poll() : null;
    }

    @Override
    public int read(char[] target, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            if (pendingStart < pendingEnd) {
                target[off + n++] = pending[pendingStart++];
                continue;
            }
            if (!available()) {
                if (!endOfText()) {
                    break;
                }
                continue;
            }
            if (dropping != null) {
                n += drop(target, off + n);
                continue;
            }
            int passed = quoting.passAsRead(buffer, pos, end, target, off + n, len - n, maxFieldChars, maxRecordChars);
            if (passed > 0) {
                pos += passed;
                n += passed;
                continue;
            }
            char c = buffer[pos];
            if (!quoting.endsField(c) && (quoting.fieldChars() >= maxFieldChars
                    || quoting.recordChars() >= maxRecordChars)) {
                startDrop();
                continue;
            }
            pos++;
            switch (quoting.move(c)) {
                case NOTHING -> { }
                case CHARACTER -> target[off + n++] = c;
                case LINE_FEED -> target[off + n++] = '\n';
                case CLOSING_QUOTE_THEN_CHARACTER -> {
                    target[off + n++] = '"';
                    pend(c);
                }
                case DOUBLED_QUOTE -> {
                    target[off + n++] = '"';
                    pend('"');
                }
            }
        }
        return n == 0 && len > 0 ? -1 : n;
    }

    /**
     * Starts dropping the rest of the row: the parser, which has its start, is put inside a quoted field (after
     * closing the one it is in, if unquoted) that takes the row's quoted line breaks, so its line count stays right.
     */
    private void startDrop() {
        dropping = quoting.fieldChars() >= maxFieldChars ? "a field longer than " + maxFieldChars + " characters"
                : "more than " + maxRecordChars + " characters";
        switch (quoting.state()) {
            case FIELD_START -> pend('"');
            case UNQUOTED -> {
                pend(delimiter);
                pend('"');
            }
            case QUOTED, QUOTE_SEEN, TRAILING -> { } // the field the parser is in is quoted already
        }
    }

    /** Drops the next character of the row, passing it on if it is a quoted line break; returns how many passed. */
    private int drop(char[] target, int at) {
        char c = buffer[pos];
        boolean lineBreak = c == '\r' || c == '\n';
        if (quoting.endsField(c) && lineBreak) {
            endDrop(false);
            quoting.closed(CsvQuoting.State.UNQUOTED); // the line break that ends the row passes as read, after it
            return 0;
        }
        pos++;
        if (quoting.move(c) != CsvQuoting.Pass.NOTHING && lineBreak) {
            target[at] = '\n';
            return 1;
        }
        return 0;
    }

    private void endDrop(boolean atEndOfText) {
        String detail = atEndOfText && quoting.state() == CsvQuoting.State.QUOTED ? "The row has " + dropping
                + " and a quote left open to the end of the file; the rest of the file was skipped."
                : "The row has " + dropping + "; it was skipped.";
        skipped.add(new Skipped(quoting.recordLine(), "too-long", detail));
        dropping = null;
        pend('"');
    }

    /** Closes what is open at the end of the text; says whether anything is left to pass. */
    private boolean endOfText() {
        if (dropping != null) {
            endDrop(true);
        } else if (quoting.state() != CsvQuoting.State.FIELD_START && quoting.state() != CsvQuoting.State.UNQUOTED) {
            pend('"'); // a quote left open to the end is closed, as Commons CSV read it
        } else {
            return false;
        }
        quoting.closed(CsvQuoting.State.FIELD_START);
        return true;
    }

    private void pend(char c) {
        if (pendingStart == pendingEnd) {
            pendingStart = 0;
            pendingEnd = 0;
        }
        pending[pendingEnd++] = c;
    }

    private boolean available() throws IOException {
        while (pos == end) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return false;
            }
            pos = 0;
            end = n;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
