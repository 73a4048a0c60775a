package io.tunepipe.training.provider.openai;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/** Where and as whom the OpenAI provider calls: OpenAI itself, Azure OpenAI or a compatible service. */
@ConfigMapping(prefix = "tunepipe.training.openai")
public interface OpenAiConfig {

    /** Up to and including the API version path, such as https://api.openai.com/v1. */
    @WithDefault("https://api.openai.com/v1")
    String baseUrl();

    /** Base model of jobs that name none. */
    @io.smallrye.config.WithDefault("gpt-4o-mini-2024-07-18")
    String defaultBaseModel();

    /** Without it the provider takes no jobs. */
    Optional<String> apiKey();

    /** Sent as OpenAI-Organization. */
    Optional<String> organization();

    /** Sent as OpenAI-Project. */
    Optional<String> project();

    /** "Authorization" sends "Bearer KEY"; any other name (Azure: "api-key") sends the bare key. */
    @WithDefault("Authorization")
    String apiKeyHeader();

    /** Added as the api-version query parameter (Azure OpenAI). */
    Optional<String> apiVersion();

    @WithDefault("10s")
    Duration connectTimeout();

    @WithDefault("60s")
    Duration readTimeout();

    /** Longest training example in tokens; the Cookbook's check flags longer ones (gpt-4o-mini: 65,536). */
    @WithDefault("65536")
    int maxTokensPerExample();

    /** OpenAI rejects training files with fewer examples. */
    @WithDefault("10")
    int minExamples();

    /**
     * The first day (UTC) on which OpenAI takes no new fine-tuning jobs: from it on this provider refuses them
     * (jobs submitted before are still tracked). Set it later for a compatible service that keeps taking jobs.
     */
    @WithDefault("2027-01-06")
    LocalDate newJobsUntil();
}
