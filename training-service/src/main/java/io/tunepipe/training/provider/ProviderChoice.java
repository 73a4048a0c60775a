package io.tunepipe.training.provider;

import java.util.Map;
import java.util.Optional;

/**
 * Decides which provider a new job goes to: the requested one, else the configured default; when the default is
 * not part of this build yet, OpenAI if it has an API key, else the job waits for the default with a message.
 */
public final class ProviderChoice {

    static final String FALLBACK = "openai";

    private final Map<String, Optional<String>> providers;
    private final String defaultProvider;

    /** @param providers the providers of this build, each with why it cannot take jobs (empty when it can) */
    public ProviderChoice(Map<String, Optional<String>> providers, String defaultProvider) {
        this.providers = new java.util.TreeMap<>(providers);
        this.defaultProvider = defaultProvider;
    }

    /** The choice among the providers of a registry. */
    public static ProviderChoice of(ProviderRegistry registry, String defaultProvider) {
        Map<String, Optional<String>> availability = new java.util.TreeMap<>();
        registry.all().forEach((name, p) -> availability.put(name, p.unavailableReason()));
        return new ProviderChoice(availability, defaultProvider);
    }

    /** Where a job goes and, when it cannot start, why. */
    public record Outcome(String provider, Kind kind, String message) {
    }

    /** Whether the job can be queued, waits for a provider, or cannot run at all. */
    public enum Kind { READY, WAITING, UNKNOWN }

    public Outcome choose(String requested) {
        if (requested != null && !requested.isBlank()) {
            if (providers.containsKey(requested)) {
                return new Outcome(requested, Kind.READY, null);
            }
            if (!requested.equals(defaultProvider)) {
                return new Outcome(requested, Kind.UNKNOWN, "unknown training provider '" + requested
                        + "'; this build has " + String.join(", ", providers.keySet()));
            }
        }
        if (providers.containsKey(defaultProvider)) {
            return new Outcome(defaultProvider, Kind.READY, null);
        }
        boolean fallbackReady = providers.containsKey(FALLBACK) && providers.get(FALLBACK).isEmpty();
        if ((requested == null || requested.isBlank()) && fallbackReady) {
            return new Outcome(FALLBACK, Kind.READY, null);
        }
        return new Outcome(defaultProvider, Kind.WAITING, "waiting for provider '" + defaultProvider
                + "', which this build does not have yet; set tunepipe.training.openai.api-key to train on OpenAI"
                + " (or an OpenAI-compatible service) instead, or tunepipe.training.default-provider to another"
                + " provider of this build (" + String.join(", ", providers.keySet()) + ")");
    }
}
