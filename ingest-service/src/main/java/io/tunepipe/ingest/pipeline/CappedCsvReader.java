package io.tunepipe.ingest.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;

/**
 * Passes CSV text to the parser while capping the length of every field and record as it streams, and settles the
 * quoting the parser would read otherwise: text after a closing quote belongs to the field, up to the delimiter or the
 * line end, quotes and all (as Commons CSV reads it with trailing data allowed, and as the ingest tests fix it), so
 * such a field is passed on quoted whole, its quotes doubled. The rest of a row that grows past a cap is dropped as it
 * is read, and the parser gets a stand-in record of as many lines, closed where the row ends, which {@link #skipped}
 * names by its first line: the reader never fails mid-record, so the parser's state and line count stay right.
 */
final class CappedCsvReader extends Reader {

    /**
     * A row read but not parsed into cells, by the line it starts on (counted from this reader's first line, as 1), with
     * the reason it is rejected for ({@code too-long} here) and in what way.
     */
    record Skipped(long line, String reason, String detail) {
    }

    /**
     * Where the text read is: a quote opens a field only at its start, a doubled quote is a quote, and after a
     * closing quote ({@code QUOTE_SEEN}, which holds the quote back until the next character tells which it is) the
     * field goes on ({@code TRAILING}) to the delimiter or the line end.
     */
    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_SEEN, TRAILING }

    /** What {@link #move} passes on for a character. */
    private enum Pass { NOTHING, CHARACTER, CLOSING_QUOTE_THEN_CHARACTER, DOUBLED_QUOTE }

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
    /** Line breaks read so far (CRLF is one), and the line the current record starts on. */
    private long lines;
    private long recordLine = 1;
    /** The last character read, so a CRLF split between two reads is counted once. */
    private char last;
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
                startDrop();
                continue;
            }
            pos++;
            switch (move(c)) {
                case NOTHING -> { }
                case CHARACTER -> target[off + n++] = c;
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
     * How many of the next characters (at most {@code max}, within both caps) leave the state as it is, pass as they
     * are and only count: inside quotes, anything but a quote and a line break; in an unquoted field or after a
     * closing quote, anything but the delimiter, a line break and (after a closing quote) a quote. Most of a file is
     * such runs, passed in bulk.
     */
    private int plainRun(int max) {
        long room = Math.min(maxFieldChars - fieldChars, maxRecordChars - recordChars);
        int limit = (int) Math.min(Math.min(max, end - pos), Math.max(0, room));
        char[] text = buffer;
        int from = pos;
        int stop = from + limit;
        int at = from;
        if (state == State.QUOTED) {
            for (char c; at < stop && ((c = text[at]) > '"' || c != '"' && c != '\r' && c != '\n'); at++) {
                // most characters sort above the quote, the highest of the three that stop the run: one comparison
            }
        } else if (state == State.UNQUOTED || state == State.TRAILING) {
            char quote = state == State.TRAILING ? '"' : delimiter;
            char highest = (char) Math.max(Math.max(delimiter, quote), '\r');
            for (char c; at < stop && ((c = text[at]) > highest || c != delimiter && c != quote && c != '\r'
                    && c != '\n'); at++) {
                // as above, with the delimiter (and after a closing quote, a quote) among the characters that stop it
            }
        }
        return at - from;
    }

    /** Moves the state, the counts and the line past {@code c}, and says what the parser gets for it. */
    private Pass move(char c) {
        boolean lineBreak = c == '\r' || c == '\n';
        if (c == '\r' || c == '\n' && last != '\r') {
            lines++;
        }
        last = c;
        if (state != State.QUOTED && (c == delimiter || lineBreak)) {
            boolean closes = state == State.QUOTE_SEEN || state == State.TRAILING;
            state = State.FIELD_START;
            fieldChars = 0;
            if (lineBreak) {
                recordChars = 0;
                recordLine = lines + 1;
            }
            return closes ? Pass.CLOSING_QUOTE_THEN_CHARACTER : Pass.CHARACTER;
        }
        fieldChars++;
        recordChars++;
        switch (state) {
            case FIELD_START -> state = c == '"' ? State.QUOTED : State.UNQUOTED;
            case QUOTED -> {
                if (c == '"') {
                    state = State.QUOTE_SEEN;
                    return Pass.NOTHING;
                }
            }
            case QUOTE_SEEN -> {
                state = c == '"' ? State.QUOTED : State.TRAILING;
                return c == '"' ? Pass.DOUBLED_QUOTE : Pass.CHARACTER;
            }
            case TRAILING -> {
                return c == '"' ? Pass.DOUBLED_QUOTE : Pass.CHARACTER;
            }
            case UNQUOTED -> { }
        }
        return Pass.CHARACTER;
    }

    /**
     * Starts dropping the rest of the row: the parser, which has its start, is put inside a quoted field (after
     * closing the one it is in, if unquoted) that takes the row's quoted line breaks, so its line count stays right.
     */
    private void startDrop() {
        dropping = fieldChars >= maxFieldChars ? "a field longer than " + maxFieldChars + " characters"
                : "more than " + maxRecordChars + " characters";
        switch (state) {
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
        if (state != State.QUOTED && lineBreak) {
            endDrop(false);
            state = State.UNQUOTED; // the line break that ends the row is passed as read, after the closing quote
            return 0;
        }
        pos++;
        move(c);
        if (lineBreak) {
            target[at] = c;
            return 1;
        }
        return 0;
    }

    private void endDrop(boolean atEndOfText) {
        String detail = atEndOfText && state == State.QUOTED ? "The row has " + dropping + " and a quote left open to"
                + " the end of the file; the rest of the file was skipped." : "The row has " + dropping + "; it was"
                + " skipped.";
        skipped.add(new Skipped(recordLine, "too-long", detail));
        dropping = null;
        pend('"');
    }

    /** Closes what is open at the end of the text; says whether anything is left to pass. */
    private boolean endOfText() {
        if (dropping != null) {
            endDrop(true);
        } else if (state == State.QUOTE_SEEN || state == State.TRAILING) {
            pend('"');
        } else {
            return false;
        }
        state = State.FIELD_START;
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
