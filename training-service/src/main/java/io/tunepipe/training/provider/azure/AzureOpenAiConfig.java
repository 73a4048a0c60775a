package io.tunepipe.training.provider.azure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Where and as whom the Azure OpenAI provider fine-tunes, and how it deploys the result. */
@ConfigMapping(prefix = "tunepipe.training.azure-openai")
public interface AzureOpenAiConfig {

    /** The resource endpoint, such as https://RESOURCE.openai.azure.com; required. */
    Optional<String> endpoint();

    /**
     * A dated data-plane API version (such as 2024-10-21): calls go to ENDPOINT/openai?api-version=...; unset,
     * they go to the v1 API at ENDPOINT/openai/v1, which takes none.
     */
    Optional<String> apiVersion();

    /** Sent as the api-key header. */
    Optional<String> apiKey();

    /** A Microsoft Entra access token for https://cognitiveservices.azure.com, sent as Bearer instead of a key. */
    Optional<String> entraToken();

    /** Base model of jobs that name none. */
    @WithDefault("gpt-4.1-mini-2025-04-14")
    String defaultBaseModel();

    @WithDefault("10s")
    Duration connectTimeout();

    @WithDefault("60s")
    Duration readTimeout();

    /** Longest training example in tokens. */
    @WithDefault("65536")
    int maxTokensPerExample();

    @WithDefault("10")
    int minExamples();

    Deployment deployment();

    /** The deployment that serves the fine-tuned model, created through Azure Resource Manager. */
    interface Deployment {

        @WithDefault("https://management.azure.com")
        String managementUrl();

        @WithDefault("2024-10-01")
        String apiVersion();

        Optional<String> subscriptionId();

        Optional<String> resourceGroup();

        /** The Azure OpenAI resource's name. */
        Optional<String> accountName();

        /** A Microsoft Entra access token for https://management.azure.com (Cognitive Services Contributor). */
        Optional<String> token();

        /** One deployment reused by every job (each job replaces the model); unset, one per job, named after it. */
        Optional<String> name();

        /** Standard, GlobalStandard or Developer, as the base model allows for fine-tuned deployments. */
        @WithDefault("Standard")
        String sku();

        /** In thousands of tokens per minute. */
        @WithDefault("1")
        int capacity();
    }
}
