package io.tunepipe.cli;

/** The start of a CSV file: its header and first records, counted as CSV does (a quoted cell may hold line breaks). */
final class CsvSlice {

    private CsvSlice() {
    }

    /** The header and the first {@code records} records of {@code csv}, each ending with its line break. */
    static String firstRecords(String csv, int records) {
        boolean quoted = false;
        int ended = 0;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (c == '"') {
                quoted = !quoted; // an escaped quote ("") toggles twice
            } else if (c == '\n' && !quoted && ++ended == records + 1) {
                return csv.substring(0, i + 1);
            }
        }
        return csv;
    }
}
