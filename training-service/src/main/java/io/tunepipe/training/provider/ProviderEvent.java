package io.tunepipe.training.provider;

import java.time.Instant;
import java.util.Map;

/** One entry of a provider's job log; {@code data} holds the metrics of a "metrics" event. */
public record ProviderEvent(String id, Instant createdAt, String level, String type, String message,
        Map<String, Object> data) {
}
