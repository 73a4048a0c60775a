package io.tunepipe.llm;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/** How long a provider asked us to wait: OpenAI's retry-after-ms, else Retry-After as seconds or an HTTP date. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** Reads the wait from a response's headers, {@code header} giving a header's value by name (or null). */
    public static Optional<Duration> of(Function<String, String> header) {
        String ms = header.apply("retry-after-ms");
        if (ms != null) {
            try {
                return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(ms.strip()))));
            } catch (NumberFormatException notMillis) {
                // fall through to Retry-After
            }
        }
        return parse(header.apply("Retry-After"));
    }

    /** Retry-After as delta-seconds (fractions allowed) or an HTTP date; empty when absent or unreadable. */
    public static Optional<Duration> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(value.strip()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
