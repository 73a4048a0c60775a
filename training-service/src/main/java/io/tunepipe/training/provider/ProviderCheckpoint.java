package io.tunepipe.training.provider;

import java.time.Instant;
import java.util.Map;

/** A usable model saved during training, with the metrics measured at its step. */
public record ProviderCheckpoint(String id, Instant createdAt, long stepNumber, String model,
        Map<String, Double> metrics) {
}
