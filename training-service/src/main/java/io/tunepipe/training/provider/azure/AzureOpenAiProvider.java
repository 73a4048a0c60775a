package io.tunepipe.training.provider.azure;

import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.training.preparation.DataRules;
import io.tunepipe.training.provider.ProviderCall;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderException;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import io.tunepipe.training.provider.TrainingProvider;
import io.tunepipe.training.provider.openai.OpenAiProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Fine-tunes on Azure OpenAI, which speaks OpenAI's fine-tuning API (files, jobs, events, checkpoints, cancel, and
 * the submission key in the job's metadata): those calls are the {@code openai} provider's, pointed at the resource.
 * Azure serves a fine-tuned model only once it is deployed, so a succeeded training job is deployed through Azure
 * Resource Manager (PUT deployments, then GET until provisioningState is Succeeded) before the job counts as
 * succeeded, and the deployment's name is the model evaluation asks for on the resource's v1 chat endpoint.
 */
@ApplicationScoped
public class AzureOpenAiProvider implements TrainingProvider {

    private static final String LABEL = "Azure OpenAI";
    /** Words of Azure's older API versions for a job that waits to run. */
    private static final Set<String> WAITING = Set.of("pending", "notrunning", "created");

    private final AzureOpenAiConfig config;
    private final OpenAiProvider openAi;
    private final AzureDeploymentsApi deployments;

    @Inject
    public AzureOpenAiProvider(AzureOpenAiConfig config) {
        this.config = config;
        this.openAi = new OpenAiProvider(new AzureAsOpenAi(config), LABEL, Clock.systemUTC());
        AzureOpenAiConfig.Deployment d = config.deployment();
        this.deployments = ProviderCall.client(AzureDeploymentsApi.class, d.managementUrl(), config.connectTimeout(),
                config.readTimeout(), ProviderCall.bearer(d.token()), LABEL + " management");
    }

    @Override
    public String name() {
        return "azure-openai";
    }

    @Override
    public Optional<String> unavailableReason() {
        List<String> missing = new ArrayList<>();
        AzureOpenAiConfig.Deployment d = config.deployment();
        check(missing, config.endpoint(), "endpoint");
        check(missing, config.apiKey().or(config::entraToken), "api-key (or entra-token)");
        check(missing, d.subscriptionId(), "deployment.subscription-id");
        check(missing, d.resourceGroup(), "deployment.resource-group");
        check(missing, d.accountName(), "deployment.account-name");
        check(missing, d.token(), "deployment.token");
        return missing.isEmpty() ? Optional.empty() : Optional.of("the azure-openai provider is not configured: set "
                + String.join(", ", missing.stream().map(k -> "tunepipe.training.azure-openai." + k).toList()));
    }

    @Override
    public String defaultBaseModel() {
        return config.defaultBaseModel();
    }

    @Override
    public DataRules rules(String baseModel) {
        return new DataRules(config.minExamples(), config.maxTokensPerExample());
    }

    @Override
    public String upload(Path jsonl) {
        return openAi.upload(jsonl);
    }

    @Override
    public ProviderJob create(SubmitRequest request) {
        return waiting(openAi.create(request));
    }

    /** The training job; once it succeeded, its deployment, and succeeded only when that is provisioned. */
    @Override
    public ProviderJob get(String providerJobId) {
        ProviderJob job = waiting(openAi.get(providerJobId));
        return job.status() == JobStatus.SUCCEEDED ? deployed(job) : job;
    }

    @Override
    public List<ProviderEvent> events(String providerJobId) {
        return openAi.events(providerJobId);
    }

    @Override
    public List<ProviderCheckpoint> checkpoints(String providerJobId) {
        return openAi.checkpoints(providerJobId);
    }

    @Override
    public ProviderJob cancel(String providerJobId) {
        return waiting(openAi.cancel(providerJobId));
    }

    @Override
    public Optional<ProviderJob> find(String submissionKey) {
        return openAi.find(submissionKey).map(AzureOpenAiProvider::waiting);
    }

    /**
     * Creates the deployment of the trained model (or points the configured one at it) and reports how far Azure
     * got: running while it provisions, succeeded with the deployment's name as the model once it is done.
     */
    private ProviderJob deployed(ProviderJob trained) {
        AzureOpenAiConfig.Deployment d = config.deployment();
        String name = d.name().orElse(trained.id());
        AzureDeploymentsApi.Deployment current = current(name);
        String servedModel = current == null || current.properties() == null || current.properties().model() == null
                ? null : current.properties().model().name();
        if (!trained.fineTunedModel().equals(servedModel)) {
            var body = new AzureDeploymentsApi.Deployment(null, new AzureDeploymentsApi.Sku(d.sku(), d.capacity()),
                    new AzureDeploymentsApi.Properties(new AzureDeploymentsApi.Model("OpenAI",
                            trained.fineTunedModel(), "1"), null));
            current = ProviderCall.run(LABEL, "deploy " + trained.fineTunedModel() + " as " + name, () ->
                    deployments.put(d.subscriptionId().orElseThrow(), d.resourceGroup().orElseThrow(),
                            d.accountName().orElseThrow(), name, d.apiVersion(), body));
        }
        String state = current == null || current.properties() == null ? null
                : current.properties().provisioningState();
        String word = "deployment " + name + ": " + state;
        if ("Succeeded".equalsIgnoreCase(state)) {
            return new ProviderJob(trained.id(), JobStatus.SUCCEEDED, word, name, trained.trainedTokens(), null, null);
        }
        if ("Failed".equalsIgnoreCase(state) || "Canceled".equalsIgnoreCase(state)) {
            return new ProviderJob(trained.id(), JobStatus.FAILED, word, null, trained.trainedTokens(),
                    new JobError("deployment_failed", "Azure could not deploy " + trained.fineTunedModel() + " as "
                            + name + " (provisioningState " + state + ")"), null);
        }
        return new ProviderJob(trained.id(), JobStatus.RUNNING, word, null, trained.trainedTokens(), null, null);
    }

    /** The deployment of that name, or null when Azure has none (404). */
    private AzureDeploymentsApi.Deployment current(String name) {
        AzureOpenAiConfig.Deployment d = config.deployment();
        try {
            return ProviderCall.run(LABEL, "get deployment " + name, () -> deployments.get(
                    d.subscriptionId().orElseThrow(), d.resourceGroup().orElseThrow(), d.accountName().orElseThrow(),
                    name, d.apiVersion()));
        } catch (ProviderException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Older Azure API versions say pending or notRunning where OpenAI says queued. */
    private static ProviderJob waiting(ProviderJob job) {
        if (job.status() != null || job.providerStatus() == null
                || !WAITING.contains(job.providerStatus().toLowerCase(Locale.ROOT))) {
            return job;
        }
        return new ProviderJob(job.id(), JobStatus.PROVIDER_QUEUED, job.providerStatus(), job.fineTunedModel(),
                job.trainedTokens(), job.error(), job.retrievalModel());
    }

    private static void check(List<String> missing, Optional<String> value, String key) {
        if (value.filter(v -> !v.isBlank()).isEmpty()) {
            missing.add(key);
        }
    }
}
