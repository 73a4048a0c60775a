package io.tunepipe.augment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Augmentation settings: how many rewordings to keep, the similarity band, run chunking and the LLM provider. */
@ConfigMapping(prefix = "tunepipe.augment")
public interface AugmentConfig {

    @WithDefault("5")
    int paraphrasesPerQuestion();

    /** Below this cosine similarity to the original, a candidate has drifted in meaning. */
    @WithDefault("0.75")
    double minSimilarity();

    /** Above this, a candidate is a copy. */
    @WithDefault("0.985")
    double maxSimilarity();

    /** Whether the default paraphraser and the embedder load in the background at start, not at the first run. */
    @WithDefault("true")
    boolean loadModelsAtStart();

    /** Training questions paraphrased per committed chunk. */
    @WithDefault("64")
    int chunkSize();

    /** {@code offline} or {@code llm}; when unset, {@code llm} if an LLM base URL is configured, else offline. */
    Optional<String> paraphraser();

    Llm llm();

    /** The OpenAI-compatible endpoint of the {@code llm} paraphraser. */
    interface Llm {

        /** For example {@code https://api.openai.com/v1}; unset: the llm paraphraser is unavailable. */
        Optional<String> baseUrl();

        @WithDefault("gpt-4o-mini")
        String model();

        Optional<String> apiKey();

        @WithDefault("0.9")
        double temperature();

        @WithDefault("8")
        int questionsPerRequest();

        /** Rewordings asked per question (more than are kept: the filter turns some down). */
        @WithDefault("8")
        int candidatesPerQuestion();

        @WithDefault("8")
        int concurrency();

        @WithDefault("60s")
        Duration timeout();

        @WithDefault("5")
        int maxAttempts();

        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("60s")
        Duration maxBackoff();

        @WithDefault("1")
        int malformedRetries();

        /** Failed calls in a row that open the circuit breaker. */
        @WithDefault("5")
        int breakerThreshold();

        @WithDefault("30s")
        Duration breakerOpenFor();
    }
}
