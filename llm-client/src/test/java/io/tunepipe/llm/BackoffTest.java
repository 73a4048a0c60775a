package io.tunepipe.llm;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Backoff}: delays doubling up to the cap, never shorter than the provider's Retry-After, and jitter taking off
 * no more than its share.
 */
class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1));

    @Test
    void doublesUpToTheCap() {
        assertThat(backoff.delay(1, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delay(2, null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delay(4, null)).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.delay(5, null)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.delay(500, null)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void waitsAtLeastWhatTheProviderAskedFor() {
        assertThat(backoff.delay(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1, Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.delay(3, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(20));
    }

    @RepeatedTest(20)
    void jitterTakesOffAtMostItsShare() {
        Backoff jittered = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 0.5);
        assertThat(jittered.delay(3, null)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(jittered.delay(9, null)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(jittered.delay(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }
}
