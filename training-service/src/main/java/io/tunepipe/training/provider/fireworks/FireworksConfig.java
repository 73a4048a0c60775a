package io.tunepipe.training.provider.fireworks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Where and how the Fireworks AI provider fine-tunes and serves the result. */
@ConfigMapping(prefix = "tunepipe.training.fireworks")
public interface FireworksConfig {

    /** The control-plane API, up to and including /v1. */
    @WithDefault("https://api.fireworks.ai/v1")
    String baseUrl();

    /** Without it the provider takes no jobs. */
    Optional<String> apiKey();

    /** The account datasets, jobs and models belong to; required. */
    Optional<String> accountId();

    /** Base model of jobs that name none. */
    @WithDefault("accounts/fireworks/models/llama-v3p1-8b-instruct")
    String defaultBaseModel();

    /** Rank of the LoRA adapter (Fireworks fine-tunes LoRA only); Fireworks chooses when unset. */
    Optional<Integer> loraRank();

    /** The learning rate a job's learning_rate_multiplier multiplies; Fireworks chooses when the job says auto. */
    @WithDefault("0.0001")
    double learningRate();

    /**
     * Load the trained LoRA for serverless inference (POST deployedModels) before the job counts as succeeded; off
     * when the base model is not served serverless and the model is deployed on a deployment of the user's.
     */
    @WithDefault("true")
    boolean serverlessLora();

    @WithDefault("10s")
    Duration connectTimeout();

    @WithDefault("60s")
    Duration readTimeout();

    /** Longest training example in tokens; the real limit is the base model's context length. */
    @WithDefault("32768")
    int maxTokensPerExample();

    /** Fireworks accepts 3; tunepipe asks as many as for the other providers. */
    @WithDefault("10")
    int minExamples();
}
