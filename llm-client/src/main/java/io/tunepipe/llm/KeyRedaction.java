package io.tunepipe.llm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes anything shaped like a credential from a provider's error text before it is stored, logged or published:
 * OpenAI's 401 quotes the start and end of the key it was given, and other providers echo headers or tokens.
 */
public final class KeyRedaction {

    public static final String REDACTED = "[redacted]";
    private static final int MAX_CHARS = 2_000;
    /** Prefixed keys: OpenAI (sk-, sk-proj-), Fireworks (fw_), and the like. */
    private static final Pattern PREFIXED = Pattern.compile("\\b(sk|fw|pk|rk|key)[-_][A-Za-z0-9_*\\-]{4,}");
    /** A value after "Bearer" or a key-ish name such as api-key, api_key, token, secret or password. */
    private static final Pattern NAMED = Pattern.compile(
            "(?i)(bearer\\s+|(?:api[-_]?key|access[-_]?token|token|secret|password)[\"']?\\s*[:=]\\s*[\"']?)"
                    + "[^\\s\"',;})]{4,}");
    /** Long runs of letters and digits mixed (Azure's 32 hex digits, Together's 64), which no message needs. */
    private static final Pattern OPAQUE = Pattern.compile(
            "\\b(?=[A-Za-z0-9]*\\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32,}\\b");

    private KeyRedaction() {
    }

    /** The text with every credential-shaped part replaced and cut to a readable length; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String cut = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "..." : text;
        String named = NAMED.matcher(cut).replaceAll(m -> Matcher.quoteReplacement(m.group(1))
                + REDACTED);
        return OPAQUE.matcher(PREFIXED.matcher(named).replaceAll(REDACTED)).replaceAll(REDACTED);
    }
}
