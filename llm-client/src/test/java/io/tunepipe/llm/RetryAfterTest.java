package io.tunepipe.llm;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RetryAfter}: Retry-After as seconds or an HTTP date, nothing when absent or unreadable, and OpenAI's
 * retry-after-ms winning over it.
 */
class RetryAfterTest {

    @Test
    void readsSecondsWithFractions() {
        assertThat(RetryAfter.parse("2")).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(" 0.5 ")).contains(Duration.ofMillis(500));
        assertThat(RetryAfter.parse("0")).contains(Duration.ZERO);
    }

    @Test
    void readsAnHttpDateAsTheWaitUntilThen() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(60));
        assertThat(RetryAfter.parse(inAMinute)).hasValueSatisfying(wait -> assertThat(wait)
                .isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
    }

    @Test
    void nothingWhenAbsentOrUnreadable() {
        assertThat(RetryAfter.parse(null)).isEmpty();
        assertThat(RetryAfter.parse(" ")).isEmpty();
        assertThat(RetryAfter.parse("soon")).isEmpty();
    }

    @Test
    void openAisMillisecondHeaderWinsOverRetryAfter() {
        assertThat(RetryAfter.of(Map.of("retry-after-ms", "1500", "Retry-After", "2")::get))
                .contains(Duration.ofMillis(1500));
        assertThat(RetryAfter.of(Map.of("retry-after-ms", "later", "Retry-After", "2")::get))
                .contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.of(name -> null)).isEqualTo(Optional.empty());
    }
}
