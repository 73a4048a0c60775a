package io.tunepipe.ingest.pipeline;

/**
 * Where a CSV text read in order is, and what the parser gets for each character: RFC 4180 quoting as Commons CSV
 * reads it with trailing data allowed (a quote opens a field only at its start, a doubled quote is a quote, and text
 * after a closing quote belongs to the field, up to the delimiter or the line end, quotes and all, so such a field is
 * passed on quoted whole, its quotes doubled), with the length of the current field and record and the line count.
 */
final class CsvQuoting {

    /**
     * Where the text is: after a closing quote ({@code QUOTE_SEEN}, which holds the quote back until the next
     * character tells which it is) the field goes on ({@code TRAILING}) to the delimiter or the line end.
     */
    enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_SEEN, TRAILING }

    /** What {@link #move} passes on for a character. */
    enum Pass { NOTHING, CHARACTER, LINE_FEED, CLOSING_QUOTE_THEN_CHARACTER, DOUBLED_QUOTE }

    private final char delimiter;
    private State state = State.FIELD_START;
    private long fieldChars;
    private long recordChars;
    /** Line breaks read so far (CRLF is one), and the line the current record starts on. */
    private long lines;
    private long recordLine = 1;
    /** The last character read, so a CRLF split between two reads is counted once. */
    private char last;

    CsvQuoting(char delimiter) {
        this.delimiter = delimiter;
    }

    State state() {
        return state;
    }

    long fieldChars() {
        return fieldChars;
    }

    long recordChars() {
        return recordChars;
    }

    /** The line the current record starts on, counting the text's first as 1. */
    long recordLine() {
        return recordLine;
    }

    /** Whether {@code c}, read next, ends a field: a delimiter or a line break outside quotes. */
    boolean endsField(char c) {
        return state != State.QUOTED && (c == delimiter || c == '\r' || c == '\n');
    }

    /** Leaves the text as if what was read were closed: the next character starts a field, or ends a record. */
    void closed(State next) {
        state = next;
    }

    /**
     * Copies to {@code target} the characters of {@code text} from {@code from} (before {@code end}, at most
     * {@code max}, within both caps) that go to the parser as they are read, moving the state past them as
     * {@link #move} would: runs of text, line feeds inside quotes, doubled quotes, a closing quote with the delimiter
     * or line break after it, delimiters and line breaks between fields. It stops before anything else, which
     * {@link #move} takes a character at a time: text after a closing quote, a quote whose next character is not read
     * yet, a carriage return inside quotes, a cap reached. Most of a file passes here, in bulk. Returns how many
     * passed.
     */
    int passAsRead(char[] text, int from, int end, char[] target, int off, int max, long maxFieldChars,
            long maxRecordChars) {
        int stop = from + Math.min(max, end - from);
        int at = from;
        State s = state;
        long field = fieldChars;
        long record = recordChars;
        // most characters sort above the highest of those that stop a run: one comparison each
        char highestInQuotes = '"';
        char highestUnquoted = (char) Math.max(delimiter, '\r');
        while (at < stop) {
            long room = Math.max(0, Math.min(maxFieldChars - field, maxRecordChars - record));
            int runEnd = (int) Math.min(stop, at + room);
            int run = at;
            char c;
            if (s == State.QUOTED) {
                while (run < runEnd && ((c = text[run]) > highestInQuotes || c != '"' && c != '\r' && c != '\n')) {
                    run++;
                }
            } else if (s == State.UNQUOTED) {
                while (run < runEnd
                        && ((c = text[run]) > highestUnquoted || c != delimiter && c != '\r' && c != '\n')) {
                    run++;
                }
            } else if (s != State.FIELD_START) {
                break;
            }
            field += run - at;
            record += run - at;
            at = run;
            if (at == stop) {
                break;
            }
            c = text[at];
            boolean lineBreak = c == '\r' || c == '\n';
            if (s != State.QUOTED && (c == delimiter || lineBreak)) {
                s = State.FIELD_START;
                field = 0;
                if (lineBreak) {
                    countLine(c, at > from ? text[at - 1] : last);
                    record = 0;
                    recordLine = lines + 1;
                }
                at++;
                continue;
            }
            if (at == runEnd && s != State.FIELD_START || field >= maxFieldChars || record >= maxRecordChars) {
                break; // a cap is reached
            }
            if (s == State.FIELD_START) {
                s = c == '"' ? State.QUOTED : State.UNQUOTED;
            } else if (lineBreak) {
                if (c == '\r' || (at > from ? text[at - 1] : last) == '\r') {
                    break; // a carriage return inside quotes is passed as a line feed (see move)
                }
                countLine(c, at > from ? text[at - 1] : last);
            } else if (at + 1 < end && text[at + 1] == '"' && at + 2 <= stop && field + 1 < maxFieldChars
                    && record + 1 < maxRecordChars) {
                at++; // a doubled quote: both pass
                field++;
                record++;
            } else if (at + 1 < end && (text[at + 1] == delimiter || text[at + 1] == '\r' || text[at + 1] == '\n')) {
                s = State.UNQUOTED; // a closing quote, passed with the field end after it
            } else {
                break;
            }
            at++;
            field++;
            record++;
        }
        System.arraycopy(text, from, target, off, at - from);
        if (at > from) {
            last = text[at - 1];
        }
        state = s;
        fieldChars = field;
        recordChars = record;
        return at - from;
    }

    private void countLine(char c, char previous) {
        if (c == '\r' || previous != '\r') {
            lines++;
        }
    }

    /** Moves the state, the counts and the line past {@code c}, and says what the parser gets for it. */
    Pass move(char c) {
        boolean lineBreak = c == '\r' || c == '\n';
        char previous = last;
        if (lineBreak) {
            countLine(c, previous);
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
                // FastCSV 4.0 takes the line feed that ends a record for half of a CRLF when a lone carriage return
                // came earlier inside quotes: a line break inside quotes is passed as one line feed, as it is cleaned
                if (c == '\r') {
                    return Pass.LINE_FEED;
                }
                if (c == '\n' && previous == '\r') {
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
}
