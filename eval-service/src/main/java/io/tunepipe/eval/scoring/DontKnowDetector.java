package io.tunepipe.eval.scoring;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Recognises answers in which a model says it does not know, in English or French. */
public final class DontKnowDetector {

    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("\\bi (do not|don't|dont) know\\b"),
            Pattern.compile("\\b(i am|i'm) not sure\\b"),
            Pattern.compile("\\b(cannot|can't|can not|unable to) (answer|help with that)\\b"),
            Pattern.compile("\\bno (information|answer) (about|on|for) (that|this)\\b"),
            Pattern.compile("\\bje ne sais pas\\b"));

    private DontKnowDetector() {
    }

    public static boolean saysDontKnow(String answer) {
        if (answer == null || answer.isBlank()) {
            return true;
        }
        String s = answer.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        return PATTERNS.stream().anyMatch(p -> p.matcher(s).find());
    }
}
