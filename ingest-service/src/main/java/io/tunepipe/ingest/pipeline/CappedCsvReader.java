package io.tunepipe.ingest.pipeline;

import java.io.IOException;
import java.io.Reader;

/**
 * Passes CSV text to the parser while capping the length of every field and record as it streams: a row that
 * grows past a cap is skipped to its end without being held, and the read reports it as a {@link TooLong}.
 * It follows the quoting as Commons CSV lexes RFC 4180 (a quote opens a field only at its start, a doubled quote
 * is a quote, text after a closing quote belongs to the field), so it knows where a row ends.
 */
final class CappedCsvReader extends Reader {

    /** A row longer than a cap; it has been read past, and {@link CappedCsvReader#skippedLines} counts its lines. */
    static final class TooLong extends IOException {
        TooLong(String message) {
            super(message);
        }
    }

    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_SEEN }

    private final Reader in;
    private final char delimiter;
    private final long maxFieldChars;
    private final long maxRecordChars;
    private final char[] buffer = new char[8192];
    private int pos;
    private int end;
    private State state = State.FIELD_START;
    private long fieldChars;
    private long recordChars;
    private long skippedLines;
    /** The last character passed or skipped, so a CRLF split between the two is counted once. */
    private char last;

    CappedCsvReader(Reader in, char delimiter, long maxFieldChars, long maxRecordChars) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxFieldChars = maxFieldChars;
        this.maxRecordChars = maxRecordChars;
    }

    /** Physical lines of the rows skipped so far, which the parser never saw. */
    long skippedLines() {
        return skippedLines;
    }

    @Override
    public int read(char[] target, int off, int len) throws IOException {
        if (!available()) {
            return -1;
        }
        int n = 0;
        while (n < len && pos < end) {
            int run = plainRun(len - n);
            if (run > 0) {
                System.arraycopy(buffer, pos, target, off + n, run);
                last = buffer[pos + run - 1];
                pos += run;
                n += run;
                fieldChars += run;
                recordChars += run;
                continue;
            }
            char c = buffer[pos];
            boolean fieldEnds = state != State.QUOTED && (c == delimiter || c == '\r' || c == '\n');
            if (!fieldEnds && (fieldChars >= maxFieldChars || recordChars >= maxRecordChars)) {
                if (n > 0) {
                    return n; // the parser gets what fits; the next read reports the row
                }
                throw skipRow();
            }
            step(c);
            target[off + n++] = c;
            pos++;
        }
        return n;
    }

    /**
     * How many of the next characters (at most {@code max}, within both caps) leave the state as it is and only
     * count: inside quotes, anything but a quote; in an unquoted field, anything but the delimiter and a line break.
     * They are passed in bulk, since most of a file is such runs.
     */
    private int plainRun(int max) {
        long room = Math.min(maxFieldChars - fieldChars, maxRecordChars - recordChars);
        int limit = (int) Math.min(Math.min(max, end - pos), Math.max(0, room));
        int run = 0;
        if (state == State.QUOTED) {
            while (run < limit && buffer[pos + run] != '"') {
                run++;
            }
        } else if (state == State.UNQUOTED) {
            char c;
            while (run < limit && (c = buffer[pos + run]) != delimiter && c != '\r' && c != '\n') {
                run++;
            }
        }
        return run;
    }

    /** Moves the quoting state and the counts past {@code c}. */
    private void step(char c) {
        last = c;
        boolean recordEnds = c == '\r' || c == '\n';
        switch (state) {
            case FIELD_START -> state = c == '"' ? State.QUOTED : State.UNQUOTED;
            case QUOTED -> state = c == '"' ? State.QUOTE_SEEN : State.QUOTED;
            case QUOTE_SEEN -> state = c == '"' ? State.QUOTED : State.UNQUOTED;
            case UNQUOTED -> { }
        }
        if (state != State.QUOTED && (c == delimiter || recordEnds)) {
            state = State.FIELD_START;
            fieldChars = 0;
            if (recordEnds) {
                recordChars = 0;
            }
        } else {
            fieldChars++;
            recordChars++;
        }
    }

    /**
     * Reads past the rest of the row (its quoted line breaks too) up to the line break that ends it, which the parser
     * then reads as a blank line, so that its line count stays right; says why the row was skipped.
     */
    private TooLong skipRow() throws IOException {
        String why = fieldChars >= maxFieldChars ? "a field longer than " + maxFieldChars + " characters"
                : "more than " + maxRecordChars + " characters";
        while (available()) {
            char c = buffer[pos];
            if (state != State.QUOTED && (c == '\r' || c == '\n')) {
                state = State.FIELD_START;
                fieldChars = 0;
                recordChars = 0;
                return new TooLong("The row has " + why + "; it was skipped.");
            }
            if (c == '\r' || c == '\n' && last != '\r') {
                skippedLines++;
            }
            step(c);
            pos++;
        }
        return new TooLong(state == State.QUOTED ? "The row has " + why + " and a quote left open to the end of"
                + " the file; the rest of the file was skipped." : "The row has " + why + "; it was skipped.");
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
