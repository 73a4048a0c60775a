package io.tunepipe.ingest.pipeline;

/**
 * The key that tells two questions (or answers) apart: letters and digits lower-cased, one space between runs,
 * all else dropped, so case, punctuation and spacing make no difference; and its 64-bit hash, taken without
 * building the key.
 */
final class QuestionKey {

    private QuestionKey() {
    }

    static String of(String text) {
        StringBuilder key = new StringBuilder(text.length());
        scanKey(text, key);
        return key.toString();
    }

    /**
     * 64-bit FNV-1a over the UTF-16 units of the text's {@link #of key}, taken in one pass without building the key
     * (this runs for every question and answer of a file): it tells texts apart within a file, keys an answer's
     * group, and draws a rewording's split. Stable across machines and JVMs.
     */
    static long hash(String text) {
        return scanKey(text, null);
    }

    /** Walks the key of {@code text}: letters and digits lower-cased, one space between runs, all else dropped. */
    private static long scanKey(String text, StringBuilder key) {
        long dedupe = GroupSplitter.EMPTY_HASH;
        boolean space = false;
        boolean started = false;
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            int cp;
            if (c < 0x80) {
                cp = c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
                i++;
                if (!(cp >= 'a' && cp <= 'z' || cp >= '0' && cp <= '9')) {
                    space |= Character.isWhitespace(cp);
                    continue;
                }
            } else {
                cp = text.codePointAt(i);
                i += Character.charCount(cp);
                if (!Character.isLetterOrDigit(cp)) {
                    space |= Character.isWhitespace(cp);
                    continue;
                }
                cp = Character.toLowerCase(cp);
            }
            if (space && started) {
                dedupe = (dedupe ^ ' ') * GroupSplitter.FNV_PRIME;
                if (key != null) {
                    key.append(' ');
                }
            }
            space = false;
            started = true;
            if (Character.isBmpCodePoint(cp)) {
                dedupe = (dedupe ^ cp) * GroupSplitter.FNV_PRIME;
            } else {
                dedupe = (((dedupe ^ Character.highSurrogate(cp)) * GroupSplitter.FNV_PRIME)
                        ^ Character.lowSurrogate(cp)) * GroupSplitter.FNV_PRIME;
            }
            if (key != null) {
                key.appendCodePoint(cp);
            }
        }
        return dedupe;
    }
}
