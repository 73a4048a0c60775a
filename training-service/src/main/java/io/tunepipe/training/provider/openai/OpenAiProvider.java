package io.tunepipe.training.provider.openai;

import io.tunepipe.contracts.JobError;
import io.tunepipe.training.preparation.DataRules;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.provider.ProviderCall;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderException;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import io.tunepipe.training.provider.TrainingProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.UriBuilder;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Fine-tunes through the OpenAI fine-tuning API (files with purpose fine-tune; jobs create, get, list, events,
 * checkpoints, cancel), or any service that speaks it: base URL, key, key header, organisation, project and
 * api-version are configurable, so Azure OpenAI and compatible services work too.
 * <p>
 * OpenAI stops accepting new fine-tuning jobs on 2027-01-06: from {@code new-jobs-until} on this provider refuses
 * them, naming the other providers; jobs started before keep running. Base models with an announced
 * {@code shutdown_date} are flagged on their jobs ({@link #shutdownDate}).
 * <p>
 * Client: a Quarkus REST client ({@link OpenAiApi}), not the official {@code com.openai:openai-java}. The official
 * client resolves from Maven Central, but it brings its own HTTP stack (OkHttp, Apache HttpClient 5), the Kotlin
 * runtime and jackson-module-kotlin beside Quarkus' Vert.x client and Jackson, and it retries on its own; here
 * every 429 with its Retry-After, 5xx and timeout must reach the queue, which keeps its backoff in the database
 * so that it survives a restart. Only the few fine-tuning endpoints are needed.
 */
@ApplicationScoped
public class OpenAiProvider implements TrainingProvider {

    /** Metadata key under which each created job carries its submission key. */
    public static final String SUBMISSION_KEY = "tunepipe_submission";

    private static final int PAGE = 100;
    private static final int MAX_PAGES_SEARCHED = 20;

    private final OpenAiConfig config;
    private final OpenAiApi api;
    private final String label;
    private final Clock clock;

    @Inject
    public OpenAiProvider(OpenAiConfig config) {
        this(config, "OpenAI", Clock.systemUTC());
    }

    /**
     * The client of another service that speaks OpenAI's fine-tuning API, named {@code label} in messages.
     *
     * @param clock tells the day, for the new-jobs cutoff ({@link OpenAiConfig#newJobsUntil()})
     */
    public OpenAiProvider(OpenAiConfig config, String label, Clock clock) {
        this.config = config;
        this.label = label;
        this.clock = clock;
        this.api = ProviderCall.client(OpenAiApi.class, config.baseUrl(), config.connectTimeout(), config.readTimeout(),
                new Credentials(config), label);
    }

    @Override
    public String defaultBaseModel() {
        return config.defaultBaseModel();
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public Optional<String> unavailableReason() {
        return config.apiKey().filter(k -> !k.isBlank()).isPresent() ? Optional.empty()
                : Optional.of("the openai provider has no API key: set tunepipe.training.openai.api-key");
    }

    @Override
    public DataRules rules(String baseModel) {
        return new DataRules(config.minExamples(), config.maxTokensPerExample());
    }

    @Override
    public String upload(Path jsonl) {
        refuseNewJobsAfterCutoff();
        return call("upload " + jsonl.getFileName(), () -> api.upload("fine-tune", jsonl.toFile())).id();
    }

    @Override
    public ProviderJob create(SubmitRequest r) {
        refuseNewJobsAfterCutoff();
        Map<String, Object> hyperparameters = new LinkedHashMap<>();
        Hyperparameters h = r.hyperparameters();
        hyperparameters.put("n_epochs", value(h.nEpochs()));
        hyperparameters.put("batch_size", value(h.batchSize()));
        hyperparameters.put("learning_rate_multiplier", value(h.learningRateMultiplier()));
        Map<String, Object> method = Map.of("type", "supervised",
                "supervised", Map.of("hyperparameters", hyperparameters));
        var body = new OpenAiApi.CreateJob(r.baseModel(), r.trainingFileId(), r.validationFileId(), method, r.seed(),
                r.suffix(), Map.of(SUBMISSION_KEY, r.submissionKey()));
        return map(call("create job", () -> api.create(body)));
    }

    @Override
    public ProviderJob get(String providerJobId) {
        return map(call("get job " + providerJobId, () -> api.get(providerJobId)));
    }

    @Override
    public List<ProviderEvent> events(String providerJobId) {
        return call("list events of " + providerJobId, () -> api.events(providerJobId, PAGE)).data().stream()
                .map(e -> new ProviderEvent(e.id(), instant(e.createdAt()), e.level(), e.type(), e.message(),
                        e.data() == null ? Map.of() : e.data()))
                .toList();
    }

    @Override
    public List<ProviderCheckpoint> checkpoints(String providerJobId) {
        return call("list checkpoints of " + providerJobId, () -> api.checkpoints(providerJobId, PAGE)).data()
                .stream()
                .map(c -> new ProviderCheckpoint(c.id(), instant(c.createdAt()),
                        c.stepNumber() == null ? 0 : c.stepNumber(), c.fineTunedModelCheckpoint(),
                        c.metrics() == null ? Map.of() : c.metrics()))
                .toList();
    }

    @Override
    public ProviderJob cancel(String providerJobId) {
        return map(call("cancel job " + providerJobId, () -> api.cancel(providerJobId)));
    }

    /**
     * Lists jobs filtered by the submission key in their metadata, and checks the metadata of each answer too, so
     * that a compatible service that ignores the filter is searched page by page instead of matched wrongly.
     */
    @Override
    public Optional<ProviderJob> find(String submissionKey) {
        String after = null;
        for (int page = 0; page < MAX_PAGES_SEARCHED; page++) {
            String cursor = after;
            OpenAiApi.Page<OpenAiApi.JobObject> jobs = call("list jobs", () -> api.list(PAGE, cursor, submissionKey));
            List<OpenAiApi.JobObject> data = jobs.data() == null ? List.of() : jobs.data();
            for (OpenAiApi.JobObject j : data) {
                if (j.metadata() != null && submissionKey.equals(j.metadata().get(SUBMISSION_KEY))) {
                    return Optional.of(map(j));
                }
            }
            if (!Boolean.TRUE.equals(jobs.hasMore()) || data.isEmpty()) {
                return Optional.empty();
            }
            after = data.get(data.size() - 1).id();
        }
        return Optional.empty();
    }

    /**
     * The model's {@code shutdown_date} from GET /models/{model}. A service that does not know the model or has no
     * such endpoint (an error that is not worth retrying) announces nothing; rate limits and outages are thrown.
     */
    @Override
    public Optional<LocalDate> shutdownDate(String baseModel) {
        OpenAiApi.ModelObject model;
        try {
            model = call("get model " + baseModel, () -> api.model(baseModel));
        } catch (ProviderException e) {
            if (e.retryable()) {
                throw e;
            }
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(model.shutdownDate()).filter(d -> !d.isBlank()).map(LocalDate::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** From {@code new-jobs-until} on, OpenAI takes no new fine-tuning jobs: say so before any call is made. */
    private void refuseNewJobsAfterCutoff() {
        LocalDate cutoff = config.newJobsUntil();
        if (!LocalDate.now(clock).isBefore(cutoff)) {
            throw new ProviderException("new_jobs_closed", "OpenAI takes no new fine-tuning jobs since " + cutoff
                    + " (tunepipe.training.openai.new-jobs-until); train with another provider instead: "
                    + "azure-openai, together, fireworks, command (your own GPUs) or local.", 0, false, null, null);
        }
    }

    private static ProviderJob map(OpenAiApi.JobObject j) {
        JobError error = j.error() == null || (j.error().code() == null && j.error().message() == null) ? null
                : new JobError(j.error().code(), j.error().message());
        return new ProviderJob(j.id(), ProviderJob.statusOf(j.status()), j.status(), j.fineTunedModel(),
                j.trainedTokens(), error, null);
    }

    private static Object value(String v) {
        if (Hyperparameters.AUTO.equals(v)) {
            return v;
        }
        BigDecimal d = new BigDecimal(v);
        return d.scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
    }

    private static Instant instant(Long epochSeconds) {
        return epochSeconds == null ? Instant.EPOCH : Instant.ofEpochSecond(epochSeconds);
    }

    /** Runs one call, transport failures made retryable. */
    private <T> T call(String what, Supplier<T> call) {
        return ProviderCall.run(label, what, call);
    }

    /** Adds the key, organisation, project and api-version to every request. */
    private record Credentials(OpenAiConfig config) implements ClientRequestFilter {

        @Override
        public void filter(ClientRequestContext request) {
            config.apiKey().ifPresent(key -> request.getHeaders().putSingle(config.apiKeyHeader(),
                    "Authorization".equalsIgnoreCase(config.apiKeyHeader()) ? "Bearer " + key : key));
            config.organization().ifPresent(o -> request.getHeaders().putSingle("OpenAI-Organization", o));
            config.project().ifPresent(p -> request.getHeaders().putSingle("OpenAI-Project", p));
            config.apiVersion().ifPresent(v -> request.setUri(
                    UriBuilder.fromUri(request.getUri()).queryParam("api-version", v).build()));
        }
    }
}
