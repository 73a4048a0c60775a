package io.tunepipe.training.provider.fireworks;

import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Fine-tunes on Fireworks AI: a dataset per training file (created, then uploaded), a supervised fine-tuning job
 * (LoRA) created under an id we choose, so that the submission is found again by asking for that id, then get and
 * cancel. Once the job completes, the LoRA model is loaded for serverless inference (unless configured off) and
 * answers on Fireworks' OpenAI-compatible chat endpoint as accounts/ACCOUNT/models/ID. Fireworks' job has no event
 * log or checkpoint list in its API: the job's progress is reported as an event.
 */
@ApplicationScoped
public class FireworksProvider implements TrainingProvider {

    private static final String LABEL = "Fireworks AI";
    /** Ids: lower-case letters, digits and hyphens, starting with a letter, at most 63 characters. */
    private static final int MAX_ID = 63;

    private final FireworksConfig config;
    private final FireworksApi api;

    @Inject
    public FireworksProvider(FireworksConfig config) {
        this.config = config;
        this.api = ProviderCall.client(FireworksApi.class, config.baseUrl(), config.connectTimeout(),
                config.readTimeout(), ProviderCall.bearer(config.apiKey()), LABEL);
    }

    @Override
    public String name() {
        return "fireworks";
    }

    @Override
    public Optional<String> unavailableReason() {
        if (config.apiKey().filter(k -> !k.isBlank()).isEmpty()) {
            return Optional.of("the fireworks provider has no API key: set tunepipe.training.fireworks.api-key");
        }
        return config.accountId().filter(a -> !a.isBlank()).isPresent() ? Optional.empty()
                : Optional.of("the fireworks provider has no account: set tunepipe.training.fireworks.account-id");
    }

    @Override
    public String defaultBaseModel() {
        return config.defaultBaseModel();
    }

    @Override
    public DataRules rules(String baseModel) {
        return new DataRules(config.minExamples(), config.maxTokensPerExample());
    }

    /**
     * Creates a dataset named after the file and uploads the file into it. The id is the same for the same file, so
     * an upload retried after a failure finds the dataset already there (ALREADY_EXISTS) and uploads again.
     */
    @Override
    public String upload(Path jsonl) {
        String file = jsonl.getFileName().toString();
        String dataset = id(file.endsWith(".jsonl") ? file.substring(0, file.length() - ".jsonl".length()) : file);
        var request = new FireworksApi.CreateDataset(dataset, new FireworksApi.Dataset("tunepipe " + file,
                lines(jsonl), Map.of()));
        try {
            call("create dataset " + dataset, () -> api.createDataset(account(), request));
        } catch (ProviderException e) {
            if (!"ALREADY_EXISTS".equals(e.code()) && e.status() != 409) {
                throw e;
            }
        }
        call("upload " + file, () -> api.upload(account(), dataset, jsonl.toFile()));
        return dataset;
    }

    @Override
    public ProviderJob create(SubmitRequest r) {
        Hyperparameters h = r.hyperparameters();
        String job = jobId(r.submissionKey());
        var body = new FireworksApi.CreateJob(datasetName(r.trainingFileId()), "tunepipe " + r.submissionKey(),
                r.baseModel(), "accounts/" + account() + "/models/" + job,
                r.validationFileId() == null ? null : datasetName(r.validationFileId()),
                h.epochs().isEmpty() ? null : h.epochs().getAsInt(),
                h.multiplier().isEmpty() ? null
                        : config.learningRate() * h.multiplier().getAsDouble(),
                config.loraRank().orElse(null), h.batch().isEmpty() ? null : h.batch().getAsInt());
        return map(call("create fine-tuning job " + job, () -> api.create(account(), job, body)));
    }

    /** The job; once it completed, its model is loaded for serverless inference before it counts as succeeded. */
    @Override
    public ProviderJob get(String providerJobId) {
        ProviderJob job = map(call("get job " + providerJobId, () -> api.get(account(), providerJobId)));
        if (job.status() != JobStatus.SUCCEEDED || !config.serverlessLora()) {
            return job;
        }
        var deploy = new FireworksApi.DeployModel(job.fineTunedModel(), "tunepipe " + providerJobId);
        try {
            call("deploy " + job.fineTunedModel(), () -> api.deploy(account(), deploy));
        } catch (ProviderException e) {
            // Fireworks answers FAILED_PRECONDITION when the model is already deployed
            if (!"FAILED_PRECONDITION".equals(e.code()) && !"ALREADY_EXISTS".equals(e.code())) {
                throw e;
            }
        }
        return job;
    }

    /** Fireworks' job has no event log: its progress (percent, epoch) stands as one event per value. */
    @Override
    public List<ProviderEvent> events(String providerJobId) {
        FireworksApi.Job job = call("get job " + providerJobId, () -> api.get(account(), providerJobId));
        FireworksApi.JobProgress p = job.jobProgress();
        if (p == null || p.percent() == null) {
            return List.of();
        }
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("percent", p.percent());
        if (p.epoch() != null) {
            data.put("epoch", p.epoch());
        }
        return List.of(new ProviderEvent("progress-" + p.percent() + "-" + p.epoch(), Instant.now(), "info",
                "progress", "Fireworks job " + job.state() + ": " + p.percent() + "%"
                        + (p.epoch() == null ? "" : ", epoch " + p.epoch()), data));
    }

    /** Fireworks' API lists no intermediate checkpoints of a supervised fine-tuning job. */
    @Override
    public List<ProviderCheckpoint> checkpoints(String providerJobId) {
        return List.of();
    }

    @Override
    public ProviderJob cancel(String providerJobId) {
        call("cancel job " + providerJobId, () -> api.cancel(account(), providerJobId, Map.of()));
        return map(call("get job " + providerJobId, () -> api.get(account(), providerJobId)));
    }

    /** The job created under the id derived from the key, if there is one: one GET, NOT_FOUND meaning none. */
    @Override
    public Optional<ProviderJob> find(String submissionKey) {
        String job = jobId(submissionKey);
        try {
            return Optional.of(map(call("get job " + job, () -> api.get(account(), job))));
        } catch (ProviderException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Our status for one of Fireworks' JobState words; null for one we do not know (or PAUSED). */
    static JobStatus statusOf(String state) {
        return switch (state == null ? "" : state.toUpperCase(Locale.ROOT).replace("JOB_STATE_", "")) {
            case "CREATING", "VALIDATING", "CREATING_INPUT_DATASET" -> JobStatus.VALIDATING_FILES;
            case "PENDING", "RE_QUEUEING", "IDLE" -> JobStatus.PROVIDER_QUEUED;
            case "RUNNING", "WRITING_RESULTS", "CANCELLING" -> JobStatus.RUNNING;
            case "COMPLETED", "EARLY_STOPPED" -> JobStatus.SUCCEEDED;
            case "FAILED", "EXPIRED" -> JobStatus.FAILED;
            case "CANCELLED" -> JobStatus.CANCELLED;
            default -> null;
        };
    }

    /** The job id of a submission: "tp-" and the key, as Fireworks ids allow. */
    static String jobId(String submissionKey) {
        return id(submissionKey);
    }

    private static String id(String name) {
        String id = "tp-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return id.length() > MAX_ID ? id.substring(0, MAX_ID) : id;
    }

    private static ProviderJob map(FireworksApi.Job j) {
        JobStatus status = statusOf(j.state());
        String id = j.name() == null ? null : j.name().substring(j.name().lastIndexOf('/') + 1);
        JobError error = status != JobStatus.FAILED ? null : j.status() == null
                ? new JobError(j.state(), "Fireworks reports the job " + j.state())
                : new JobError(j.status().code(), j.status().message());
        Long tokens = j.jobProgress() == null ? null : j.jobProgress().inputTokens();
        return new ProviderJob(id, status, j.state(), status == JobStatus.SUCCEEDED ? j.outputModel() : null,
                tokens, error, null);
    }

    private String datasetName(String datasetId) {
        return "accounts/" + account() + "/datasets/" + datasetId;
    }

    private String account() {
        return config.accountId().orElseThrow(() -> new IllegalStateException("no fireworks account-id"));
    }

    private static Long lines(Path jsonl) {
        try (Stream<String> lines = Files.lines(jsonl)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T call(String what, Supplier<T> call) {
        return ProviderCall.run(LABEL, what, call);
    }
}
