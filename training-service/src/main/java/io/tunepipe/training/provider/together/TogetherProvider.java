package io.tunepipe.training.provider.together;

import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.training.preparation.DataRules;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.provider.ProviderCall;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import io.tunepipe.training.provider.TrainingProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Fine-tunes on Together AI: files uploaded with purpose fine-tune, jobs through {@code /fine-tunes} (create, get,
 * list, events, checkpoints, cancel), LoRA unless configured FULL. The output model answers on Together's
 * OpenAI-compatible chat endpoint under its {@code model_output_name}. Together keeps no metadata on a job, so the
 * submission is found again by a tag derived from its key, carried in the suffix that ends up in the output name.
 */
@ApplicationScoped
public class TogetherProvider implements TrainingProvider {

    /** Together's limit for the suffix of a model name. */
    static final int MAX_SUFFIX = 40;
    private static final String LABEL = "Together AI";

    private final TogetherConfig config;
    private final TogetherApi api;

    @Inject
    public TogetherProvider(TogetherConfig config) {
        this.config = config;
        this.api = ProviderCall.client(TogetherApi.class, config.baseUrl(), config.connectTimeout(),
                config.readTimeout(), ProviderCall.bearer(config.apiKey()), LABEL);
    }

    @Override
    public String name() {
        return "together";
    }

    @Override
    public Optional<String> unavailableReason() {
        return config.apiKey().filter(k -> !k.isBlank()).isPresent() ? Optional.empty()
                : Optional.of("the together provider has no API key: set tunepipe.training.together.api-key");
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
        String name = jsonl.getFileName().toString();
        return call("upload " + name, () -> api.upload("fine-tune", name, "jsonl", jsonl.toFile())).id();
    }

    @Override
    public ProviderJob create(SubmitRequest r) {
        Hyperparameters h = r.hyperparameters();
        Map<String, Object> trainingType = new LinkedHashMap<>();
        if (config.trainingType() == TogetherConfig.TrainingType.FULL) {
            trainingType.put("type", "Full");
        } else {
            trainingType.put("type", "Lora");
            trainingType.put("lora_r", config.loraR());
            trainingType.put("lora_alpha", config.loraAlpha());
        }
        var body = new TogetherApi.CreateFineTune(r.baseModel(), r.trainingFileId(), r.validationFileId(),
                h.epochs().isEmpty() ? null : h.epochs().getAsInt(),
                r.validationFileId() == null ? null : 1, config.nCheckpoints(),
                h.batch().isEmpty() ? "max" : (Object) h.batch().getAsInt(),
                h.multiplier().isEmpty() ? null
                        : config.learningRate() * h.multiplier().getAsDouble(),
                r.seed(), suffix(r.suffix(), r.submissionKey()), trainingType);
        return map(call("create fine-tune", () -> api.create(body)));
    }

    @Override
    public ProviderJob get(String providerJobId) {
        return map(call("get fine-tune " + providerJobId, () -> api.get(providerJobId)));
    }

    @Override
    public List<ProviderEvent> events(String providerJobId) {
        return call("list events of " + providerJobId, () -> api.events(providerJobId)).data().stream()
                .map(TogetherProvider::event).toList();
    }

    @Override
    public List<ProviderCheckpoint> checkpoints(String providerJobId) {
        return call("list checkpoints of " + providerJobId, () -> api.checkpoints(providerJobId)).data().stream()
                .map(c -> new ProviderCheckpoint(c.path(), instant(c.createdAt()), c.step() == null ? 0 : c.step(),
                        c.objectName() != null ? c.objectName() : c.path(), Map.of()))
                .toList();
    }

    @Override
    public ProviderJob cancel(String providerJobId) {
        return map(call("cancel fine-tune " + providerJobId, () -> api.cancel(providerJobId)));
    }

    /** The job whose output model name carries this submission's tag (see {@link #tag}). */
    @Override
    public Optional<ProviderJob> find(String submissionKey) {
        String tag = "-" + tag(submissionKey);
        List<TogetherApi.FineTune> jobs = call("list fine-tunes", api::list).data();
        return (jobs == null ? List.<TogetherApi.FineTune>of() : jobs).stream()
                .filter(j -> j.modelOutputName() != null && j.modelOutputName().contains(tag))
                .findFirst().map(TogetherProvider::map);
    }

    /** The job's own suffix, shortened so that "-tag" fits in Together's 40 characters, then the tag. */
    static String suffix(String suffix, String submissionKey) {
        String tag = tag(submissionKey);
        if (suffix == null || suffix.isBlank()) {
            return tag;
        }
        String own = suffix.length() > MAX_SUFFIX - tag.length() - 1 ? suffix.substring(0, MAX_SUFFIX - tag.length()
                - 1) : suffix;
        return own + "-" + tag;
    }

    /** "tp" and 12 hex digits of the key's SHA-256: short enough for any suffix, distinct per submission. */
    static String tag(String submissionKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(submissionKey.getBytes(StandardCharsets.UTF_8));
            return "tp" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Our status for one of Together's job status words; null for a word we do not know. */
    static JobStatus statusOf(String status) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "pending", "queued" -> JobStatus.PROVIDER_QUEUED;
            case "running", "compressing", "uploading", "cancel_requested" -> JobStatus.RUNNING;
            case "completed" -> JobStatus.SUCCEEDED;
            case "error" -> JobStatus.FAILED;
            case "cancelled" -> JobStatus.CANCELLED;
            default -> null;
        };
    }

    private static ProviderJob map(TogetherApi.FineTune j) {
        JobStatus status = statusOf(j.status());
        JobError error = status != JobStatus.FAILED ? null : (j.events() == null ? List.<TogetherApi.Event>of()
                : j.events()).stream()
                .filter(e -> "job_error".equals(e.type()) || "error".equals(e.level()))
                .reduce((first, second) -> second)
                .map(e -> new JobError("job_error", e.message())).orElse(null);
        return new ProviderJob(j.id(), status, j.status(), status == JobStatus.SUCCEEDED ? j.modelOutputName() : null,
                j.tokenCount(), error, null);
    }

    private static ProviderEvent event(TogetherApi.Event e) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (e.step() != null) {
            data.put("step", e.step());
        }
        if (e.totalSteps() != null) {
            data.put("total_steps", e.totalSteps());
        }
        if (e.checkpointPath() != null) {
            data.put("checkpoint_path", e.checkpointPath());
        }
        // Together's events have no id: their time, type and step name each one
        String id = e.createdAt() + "/" + e.type() + (e.step() == null ? "" : "/" + e.step());
        return new ProviderEvent(id, instant(e.createdAt()), e.level() == null ? "info" : e.level(), e.type(),
                e.message(), data);
    }

    private static Instant instant(String time) {
        if (time == null) {
            return Instant.EPOCH;
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static <T> T call(String what, Supplier<T> call) {
        return ProviderCall.run(LABEL, what, call);
    }
}
