package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.Split;
import io.tunepipe.text.TextCleaner;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes the cells of a parsed record into a row, on the parsing thread: cleaned ({@link TextCleaner}) and checked as a
 * whole (empty, answer too long, unknown split). Keying, deduping and splitting are left to the thread that takes the
 * rows: with the keys taken here instead, this thread had the larger share and the pipeline ran at about two thirds
 * of the speed. Holds no state between rows.
 */
final class RowCells {

    /**
     * A row's cleaned cells: {@code id} is its question's example id, {@code system} is null when empty, {@code group}
     * empty when the row names none, {@code named} the split it names, if any.
     */
    record Row(long line, String id, String question, List<String> variants, String answer, String system,
            String group, Split named, CsvRecord record) {
    }

    private final String datasetId;
    private final ColumnRoles roles;
    private final String delimiter;
    private final int maxFieldChars;

    RowCells(String datasetId, ColumnRoles roles, char delimiter, int maxFieldChars) {
        this.datasetId = datasetId;
        this.roles = roles;
        this.delimiter = String.valueOf(delimiter);
        this.maxFieldChars = maxFieldChars;
    }

    /** The row that starts on {@code line}, or the {@link RejectedRow} it is as a whole. */
    Object read(long line, CsvRecord record) {
        String question = cell(record, roles.question());
        String answer = cell(record, roles.answer());
        String system = roles.system() == ColumnRoles.ABSENT ? null : cell(record, roles.system());
        List<String> variants = variants(record);
        if (question.isEmpty() && answer.isEmpty() && variants.isEmpty()) {
            return rejected(line, "empty-row", "The row has neither a question nor an answer.", record);
        }
        if (answer.isEmpty()) {
            return rejected(line, "empty-answer", "The answer is empty.", record);
        }
        if (question.isEmpty() && variants.isEmpty()) {
            return rejected(line, "empty-question", "The question is empty.", record);
        }
        if (answer.length() > maxFieldChars) {
            return rejected(line, "too-long", "The answer has " + answer.length() + " characters; the limit is "
                    + maxFieldChars + ".", record);
        }
        Split named = null;
        String splitCell = roles.split() == ColumnRoles.ABSENT ? "" : cell(record, roles.split());
        if (!splitCell.isEmpty()) {
            named = GroupSplitter.named(splitCell).orElse(null);
            if (named == null) {
                return rejected(line, "unknown-split", "The split '" + splitCell + "' is not train, validation or"
                        + " test.", record);
            }
        }
        return new Row(line, datasetId + "/" + line, question, variants, answer, system == null || system.isEmpty()
                ? null : system, cell(record, roles.group()), named, record);
    }

    /** A row rejected as a whole, or one of its questions rejected, with the row's text as read. */
    RejectedRow rejected(long line, String reason, String detail, CsvRecord record) {
        return RejectedRow.of(line, reason, detail, String.join(delimiter, record.getFields()));
    }

    private List<String> variants(CsvRecord record) {
        List<String> variants = new ArrayList<>();
        for (int column : roles.variants()) {
            String raw = column < record.getFieldCount() ? record.getField(column) : "";
            for (String part : raw.split("\\R")) {
                String cleaned = TextCleaner.clean(part);
                if (!cleaned.isEmpty()) {
                    variants.add(cleaned);
                }
            }
        }
        return variants;
    }

    private static String cell(CsvRecord record, int column) {
        return column >= 0 && column < record.getFieldCount() ? TextCleaner.clean(record.getField(column)) : "";
    }
}
