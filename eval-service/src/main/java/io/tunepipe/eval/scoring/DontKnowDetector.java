package io.tunepipe.eval.scoring;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises answers that are refusals, in English or French: every sentence of the answer must be a refusal ("I
 * don't know.", "Sorry, I cannot answer that.", "Je ne sais pas.") or a bare apology, so a real answer that merely
 * contains "I'm not sure" or "I don't know" is not one. An empty answer counts as a refusal.
 */
public final class DontKnowDetector {

    private static final String APOLOGY = "(?:(?:i'm |i am |so |very )*sorry|unfortunately|désolée?|malheureusement)";
    private static final String THAT = "(?:that|this|it|the question|that question|this question|your question)";
    private static final Pattern REFUSAL = Pattern.compile("(?:" + APOLOGY + ",? )?(?:but )?(?:"
            + "(?:i )?(?:just |really |honestly |simply )?(?:do not|don't|dont) know(?: the answer)?(?: to " + THAT
            + ")?"
            + "|i(?: am|'m) (?:not sure|unsure|not certain)(?: (?:of|about) " + THAT + ")?"
            + "|i (?:cannot|can't|can not|am unable to|am not able to) (?:answer|help with) " + THAT
            + "|i'm (?:unable|not able) to (?:answer|help with) " + THAT
            + "|i (?:do not|don't) have (?:that|this|the|enough|any) information(?: (?:about|on) " + THAT + ")?"
            + "(?: to answer " + THAT + ")?"
            + "|i have no (?:information|answer|idea)(?: (?:about|on|for|to) " + THAT + ")?"
            + "|no idea|(?:the )?answer is (?:not|unknown) (?:known|to me)"
            + "|je ne (?:sais|connais) pas(?: la réponse)?(?: à (?:cette|votre) question)?"
            + "|je ne peux pas répondre(?: à (?:cette|votre) question)?|je n'en ai aucune idée"
            + ")");
    private static final Pattern APOLOGY_ONLY = Pattern.compile(APOLOGY);
    private static final Pattern SENTENCE_END = Pattern.compile("\\s*[.!?…]+\\s*");

    private DontKnowDetector() {
    }

    public static boolean saysDontKnow(String answer) {
        if (answer == null || answer.isBlank()) {
            return true;
        }
        String s = answer.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u00a0', ' ')
                .replaceAll("\\s+", " ").replaceAll("^[\\s\"']+|[\\s\"']+$", "");
        String[] sentences = Arrays.stream(SENTENCE_END.split(s)).map(String::strip).filter(x -> !x.isEmpty())
                .toArray(String[]::new);
        boolean refused = false;
        for (String sentence : sentences) {
            if (REFUSAL.matcher(sentence).matches()) {
                refused = true;
            } else if (!APOLOGY_ONLY.matcher(sentence).matches()) {
                return false;
            }
        }
        return refused;
    }
}
