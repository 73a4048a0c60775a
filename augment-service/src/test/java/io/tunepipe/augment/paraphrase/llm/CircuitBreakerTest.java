package io.tunepipe.augment.paraphrase.llm;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(10), now::get);

    @Test
    void opensAfterFailuresInARowThenTriesOnceAfterTheWait() {
        breaker.failure();
        assertThat(breaker.allow()).isTrue();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allow()).isFalse();

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.allow()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.allow()).isFalse(); // one trial call at a time
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(breaker.allow()).isTrue();
        breaker.success();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.allow()).isTrue();
    }

    @Test
    void aSuccessResetsTheCount() {
        breaker.failure();
        breaker.success();
        breaker.failure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
