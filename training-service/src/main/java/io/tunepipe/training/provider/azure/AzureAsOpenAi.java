package io.tunepipe.training.provider.azure;

import io.tunepipe.training.provider.openai.OpenAiConfig;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The Azure settings as the {@code openai} provider's client reads them: the resource's OpenAI API (v1, or a dated
 * api-version), with the api-key header or an Entra token as Bearer.
 */
record AzureAsOpenAi(AzureOpenAiConfig azure) implements OpenAiConfig {

    @Override
    public String baseUrl() {
        String endpoint = azure.endpoint().orElse("https://unconfigured.openai.azure.com").replaceAll("/+$", "");
        return endpoint + (azure.apiVersion().isPresent() ? "/openai" : "/openai/v1");
    }

    @Override
    public String defaultBaseModel() {
        return azure.defaultBaseModel();
    }

    @Override
    public Optional<String> apiKey() {
        return azure.entraToken().or(azure::apiKey);
    }

    @Override
    public Optional<String> organization() {
        return Optional.empty();
    }

    @Override
    public Optional<String> project() {
        return Optional.empty();
    }

    @Override
    public String apiKeyHeader() {
        return azure.entraToken().isPresent() ? "Authorization" : "api-key";
    }

    @Override
    public Optional<String> apiVersion() {
        return azure.apiVersion();
    }

    @Override
    public Duration connectTimeout() {
        return azure.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
        return azure.readTimeout();
    }

    @Override
    public int maxTokensPerExample() {
        return azure.maxTokensPerExample();
    }

    @Override
    public int minExamples() {
        return azure.minExamples();
    }

    /** Azure keeps its own retirement schedule, so OpenAI's cutoff does not apply. */
    @Override
    public LocalDate newJobsUntil() {
        return LocalDate.MAX;
    }
}
