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

    /** Attempts per question on rate limits, server errors and timeouts. */
    @WithDefault("4")
    int maxAttempts();

    @WithDefault("500ms")
    Duration initialBackoff();

    /** An answer this similar to its reference (cosine of MiniLM embeddings) counts as semantically right. */
    @WithDefault("0.8")
    double similarityThreshold();

    /** How often waiting evaluations are checked for complete held-out data. */
    @WithDefault("2s")
    Duration startCheckInterval();

    /** System message sent before each question; none by default. */
    Optional<String> systemMessage();

    Verdict verdict();

    /** An LLM judge with the openai/evals "fact" rubric; no judging when absent. */
    Optional<Judge> judge();

    /** OpenAI-compatible endpoint per provider name. */
    Map<String, Provider> providers();

    /** When a fine-tuned model is promoted. */
    interface Verdict {
        /** exact_match, token_f1, semantic_similarity or similar_answer_share. */
        @WithDefault("token_f1")
        String metric();

        /** How much the fine-tuned model must beat its base by on that metric. */
        @WithDefault("0.05")
        double margin();
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
