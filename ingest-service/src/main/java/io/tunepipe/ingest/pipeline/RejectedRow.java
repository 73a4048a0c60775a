package io.tunepipe.ingest.pipeline;

/**
 * A row, or one rewording of a row, that did not become an example.
 *
 * @param line   the line of the file where the row starts
 * @param reason a short code: empty-question, empty-answer, too-long, too-many-tokens, answer-as-question,
 *               conflicting-answer, unknown-split, empty-row, malformed-csv
 * @param raw    the row's text as read, cut to {@value #RAW_LIMIT} characters
 */
public record RejectedRow(long line, String reason, String detail, String raw) {

    static final int RAW_LIMIT = 500;

    static RejectedRow of(long line, String reason, String detail, String raw) {
        String cut = raw == null ? null : raw.length() > RAW_LIMIT ? raw.substring(0, RAW_LIMIT) + "..." : raw;
        return new RejectedRow(line, reason, detail, cut);
    }
}
