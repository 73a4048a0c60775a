package io.tunepipe.training.provider.together;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Where and how the Together AI provider fine-tunes. */
@ConfigMapping(prefix = "tunepipe.training.together")
public interface TogetherConfig {

    /** Up to and including the API version path. */
    @WithDefault("https://api.together.xyz/v1")
    String baseUrl();

    /** Without it the provider takes no jobs. */
    Optional<String> apiKey();

    /** Base model of jobs that name none (a model of Together's fine-tuning list, served for LoRA inference). */
    @WithDefault("meta-llama/Meta-Llama-3.1-8B-Instruct-Reference")
    String defaultBaseModel();

    /** LORA (Together's default: an adapter served on the shared base model) or FULL (every weight). */
    @WithDefault("lora")
    TrainingType trainingType();

    /** Rank of the LoRA adapter. */
    @WithDefault("8")
    int loraR();

    @WithDefault("16")
    int loraAlpha();

    /** The learning rate a job's learning_rate_multiplier multiplies (Together takes an absolute rate). */
    @WithDefault("0.00001")
    double learningRate();

    /** Checkpoints saved during training. */
    @WithDefault("1")
    int nCheckpoints();

    @WithDefault("10s")
    Duration connectTimeout();

    @WithDefault("60s")
    Duration readTimeout();

    /** Longest training example in tokens; the real limit is the base model's context length. */
    @WithDefault("32768")
    int maxTokensPerExample();

    @WithDefault("10")
    int minExamples();

    /** Together's two fine-tuning implementations. */
    enum TrainingType { LORA, FULL }
}
