package io.tunepipe.eval.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How evaluations ask models, score answers and decide on promotion. */
@ConfigMapping(prefix = "tunepipe.eval")
public interface EvalConfig {

    /** Questions in flight at once against one model. */
    @WithDefault("16")
    int concurrency();

    /** Time allowed for one answer. */
    @WithDefault("30s")
    Duration timeout();

    /**
     * Attempts per question on rate limits, server errors, timeouts and refused connections. Seven attempts wait at
     * least 15.75 s in all (0.5 s doubling, less up to half for jitter): long enough for a supervised
     * training-service, which serves the local models, to be started again (about 10 s in ChaosIT, where four
     * attempts ran out while it restarted and failed an evaluation).
     */
    @WithDefault("7")
    int maxAttempts();

    @WithDefault("500ms")
    Duration initialBackoff();

    /** Longest wait between attempts, unless the provider's Retry-After asks for more. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** An answer this similar to its reference (cosine of MiniLM embeddings) counts as semantically right. */
    @WithDefault("0.8")
    double similarityThreshold();

    /** Whether the embedder that judges answers loads in the background at start, not at the first evaluation. */
    @WithDefault("true")
    boolean loadEmbedderAtStart();

    /** How often waiting evaluations are checked for complete held-out data. */
    @WithDefault("2s")
    Duration startCheckInterval();

    /** System message sent before each question; none by default. */
    Optional<String> systemMessage();

    Verdict verdict();

    Retrieval retrieval();

    /** An LLM judge with the openai/evals "fact" rubric; no judging when absent. */
    Optional<Judge> judge();

    /** OpenAI-compatible endpoint per provider name. */
    Map<String, Provider> providers();

    /** When a fine-tuned model is promoted. */
    interface Verdict {
        /** What makes an in-scope answer right: exact_match, similar_answer or judge. */
        @WithDefault("exact_match")
        String metric();

        /** Significance level of the paired tests. */
        @WithDefault("0.05")
        double alpha();

        /** Promote only when the fine-tuned model is also significantly better than base with retrieval. */
        @WithDefault("false")
        boolean requireBeatRetrieval();

        /** Resamples of the paired bootstrap confidence intervals. */
        @WithDefault("2000")
        int bootstrapResamples();

        /** Seed of the paired bootstrap, so a report can be computed again to the same figures. */
        @WithDefault("14")
        long bootstrapSeed();
    }

    /** The base model with retrieval, built by eval when the provider serves no retrieval model. */
    interface Retrieval {
        /** Training question/answer pairs put in the prompt. */
        @WithDefault("5")
        int topK();
    }

    /** The judge's OpenAI-compatible endpoint and model. */
    interface Judge {
        String baseUrl();

        String model();

        Optional<String> apiKey();
    }

    /** Where a provider's models answer. */
    interface Provider {
        String baseUrl();

        Optional<String> apiKey();
    }
}
