package io.tunepipe.training.provider.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.localmodel.AdapterTrainer;
import io.tunepipe.localmodel.EpochMetrics;
import io.tunepipe.localmodel.LocalModel;
import io.tunepipe.localmodel.TrainingPair;
import io.tunepipe.localmodel.TrainingSettings;
import io.tunepipe.training.preparation.DataRules;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderException;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import io.tunepipe.training.provider.TrainingProvider;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The embedded default provider: fine-tunes {@link LocalModel#BASE_MODEL} on this machine with no network, as a
 * provider like any other (upload, create, poll, events, checkpoints, cancel). Its models are retrieval of
 * trained answers over sentence embeddings, not text generation; they are served by
 * {@link io.tunepipe.training.rest.OpenAiCompatibleResource}. Job records and models live on disk, so a restart
 * finds every job again and re-runs the ones it interrupted (same data and seed: same model).
 */
@ApplicationScoped
public class LocalProvider implements TrainingProvider {

    public static final String NAME = "local";
    private static final String JOB_PREFIX = "ftjob-local-";
    private static final Logger LOG = Logger.getLogger(LocalProvider.class);

    @Inject
    LocalConfig config;
    @Inject
    LocalModels models;
    @Inject
    ObjectMapper json;

    private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();
    private ExecutorService trainers;

    void onStart(@Observes StartupEvent start) throws IOException {
        trainers = Executors.newFixedThreadPool(Math.max(1, config.concurrentTrainings()));
        Files.createDirectories(jobsDir());
        try (Stream<Path> files = Files.list(jobsDir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                LocalJob job = json.readValue(file.toFile(), LocalJob.class);
                jobs.put(job.id, job);
                if (!job.finished()) {
                    LOG.infof("local fine-tune %s was interrupted by a restart: training it again", job.id);
                    trainers.submit(() -> train(job.id));
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        if (trainers != null) {
            trainers.shutdownNow();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public String defaultBaseModel() {
        return LocalModel.BASE_MODEL;
    }

    @Override
    public DataRules rules(String baseModel) {
        return new DataRules(2, 100_000);
    }

    @Override
    public String upload(Path jsonl) {
        String id = "file-local-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            Files.createDirectories(filesDir());
            Files.copy(jsonl, filesDir().resolve(id + ".jsonl"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ProviderException("upload_failed", "cannot store " + jsonl + ": " + e.getMessage(), 0, true,
                    null, e);
        }
        return id;
    }

    @Override
    public ProviderJob create(SubmitRequest request) {
        if (!LocalModel.BASE_MODEL.equals(request.baseModel())) {
            throw new ProviderException("model_not_available", "The local provider fine-tunes only "
                    + LocalModel.BASE_MODEL + ", not " + request.baseModel() + ".", 400, false, null, null);
        }
        LocalJob job = new LocalJob();
        job.id = JOB_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        job.submissionKey = request.submissionKey();
        job.baseModel = request.baseModel();
        job.trainingFileId = request.trainingFileId();
        job.validationFileId = request.validationFileId();
        job.hyperparameters = request.hyperparameters();
        job.seed = request.seed();
        job.suffix = request.suffix();
        job.status = "queued";
        job.createdAt = Instant.now();
        event(job, "info", "message", "Fine-tuning job created", Map.of());
        save(job);
        trainers.submit(() -> train(job.id));
        return view(job);
    }

    @Override
    public ProviderJob get(String providerJobId) {
        return view(job(providerJobId));
    }

    @Override
    public List<ProviderEvent> events(String providerJobId) {
        return List.copyOf(job(providerJobId).events);
    }

    @Override
    public List<ProviderCheckpoint> checkpoints(String providerJobId) {
        return List.copyOf(job(providerJobId).checkpoints);
    }

    @Override
    public ProviderJob cancel(String providerJobId) {
        LocalJob job = job(providerJobId);
        synchronized (job) {
            if (!job.finished()) {
                job.cancelRequested = true;
                if ("queued".equals(job.status)) {
                    job.status = "cancelled";
                    event(job, "info", "message", "Fine-tuning job cancelled", Map.of());
                }
                save(job);
            }
        }
        return view(job);
    }

    @Override
    public Optional<ProviderJob> find(String submissionKey) {
        return jobs.values().stream().filter(j -> submissionKey.equals(j.submissionKey)).findFirst().map(this::view);
    }

    private void train(String jobId) {
        LocalJob job = jobs.get(jobId);
        synchronized (job) {
            if (job.cancelRequested) {
                job.status = "cancelled";
                save(job);
                return;
            }
            job.status = "running";
            job.checkpoints.clear();
            event(job, "info", "message", "Fine-tuning job started", Map.of());
            save(job);
        }
        try {
            List<TrainingPair> train = pairs(job.trainingFileId);
            List<TrainingPair> validation = job.validationFileId == null ? List.of() : pairs(job.validationFileId);
            Hyperparameters h = job.hyperparameters == null ? Hyperparameters.ALL_AUTO : job.hyperparameters;
            TrainingSettings settings = TrainingSettings.auto(train.size(), value(h.nEpochs()), value(h.batchSize()),
                    h.learningRateMultiplier().equals(Hyperparameters.AUTO) ? null
                            : Double.valueOf(h.learningRateMultiplier()), job.seed == null ? AdapterTrainer.DEFAULT_SEED : job.seed);
            String shortId = job.id.substring(JOB_PREFIX.length());
            String name = LocalModel.BASE_MODEL + ":ft:" + (job.suffix == null || job.suffix.isBlank() ? "tunepipe"
                    : job.suffix) + ":" + shortId;
            AdapterTrainer trainer = new AdapterTrainer();
            LocalModel model = trainer.train(name, train, validation, settings,
                    metrics -> epochDone(job, metrics, name), () -> job.cancelRequested);
            String baselineName = LocalModel.BASE_MODEL + ":retrieval:" + shortId;
            models.save(trainer.retrievalBaseline(baselineName, train, validation, settings.seed()));
            models.save(model);
            synchronized (job) {
                job.fineTunedModel = name;
                job.retrievalModel = baselineName;
                job.trainedTokens = model.info().trainedTokens();
                job.status = "succeeded";
                event(job, "info", "message", "The job has successfully completed: " + name, Map.of());
                save(job);
            }
            LOG.infof("local fine-tune %s done: %s", job.id, name);
        } catch (CancellationException e) {
            synchronized (job) {
                job.status = "cancelled";
                event(job, "info", "message", "Fine-tuning job cancelled", Map.of());
                save(job);
            }
        } catch (RuntimeException | IOException e) {
            LOG.errorf(e, "local fine-tune %s failed", job.id);
            synchronized (job) {
                job.status = "failed";
                job.errorCode = e instanceof InvalidTrainingFile ? "invalid_training_file" : "training_failed";
                job.errorMessage = e.getMessage();
                event(job, "error", "message", "Fine-tuning failed: " + e.getMessage(), Map.of());
                save(job);
            }
        }
    }

    private void epochDone(LocalJob job, EpochMetrics m, String modelName) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("step", m.step());
        data.put("epoch", m.epoch());
        data.put("train_loss", m.trainLoss());
        data.put("train_mean_token_accuracy", m.trainAccuracy());
        Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        metrics.put("step", (double) m.step());
        metrics.put("train_loss", m.trainLoss());
        metrics.put("train_mean_token_accuracy", m.trainAccuracy());
        if (m.validLoss() != null) {
            data.put("valid_loss", m.validLoss());
            data.put("valid_mean_token_accuracy", m.validAccuracy());
            metrics.put("valid_loss", m.validLoss());
            metrics.put("valid_mean_token_accuracy", m.validAccuracy());
        }
        synchronized (job) {
            event(job, "info", "metrics", "Step " + m.step() + " (epoch " + m.epoch() + "): training loss="
                    + String.format(java.util.Locale.ROOT, "%.4f", m.trainLoss()), data);
            job.checkpoints.add(new ProviderCheckpoint("ftckpt-" + job.id + "-" + m.epoch(), Instant.now(), m.step(),
                    modelName + ":ckpt-step-" + m.step(), metrics));
            save(job);
        }
    }

    private List<TrainingPair> pairs(String fileId) throws IOException {
        Path file = filesDir().resolve(fileId + ".jsonl");
        if (!Files.exists(file)) {
            throw new InvalidTrainingFile("file " + fileId + " is not here");
        }
        List<TrainingPair> pairs = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            int lineNumber = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String question = null;
                String answer = null;
                for (JsonNode message : json.readTree(line).path("messages")) {
                    String role = message.path("role").asText();
                    if (role.equals("user")) {
                        question = message.path("content").asText();
                    } else if (role.equals("assistant")) {
                        answer = message.path("content").asText();
                    }
                }
                if (question == null || answer == null) {
                    throw new InvalidTrainingFile("line " + lineNumber + " of " + fileId
                            + " has no user or no assistant message");
                }
                pairs.add(new TrainingPair(question, answer));
            }
        }
        return pairs;
    }

    private static Integer value(String hyperparameter) {
        return Hyperparameters.AUTO.equals(hyperparameter) ? null : Integer.valueOf(hyperparameter);
    }

    private ProviderJob view(LocalJob job) {
        JobStatus status = switch (job.status) {
            case "validating_files" -> JobStatus.VALIDATING_FILES;
            case "queued" -> JobStatus.PROVIDER_QUEUED;
            case "running" -> JobStatus.RUNNING;
            case "succeeded" -> JobStatus.SUCCEEDED;
            case "failed" -> JobStatus.FAILED;
            case "cancelled" -> JobStatus.CANCELLED;
            default -> null;
        };
        JobError error = job.errorCode == null ? null : new JobError(job.errorCode, job.errorMessage);
        return new ProviderJob(job.id, status, job.status, job.fineTunedModel, job.trainedTokens, error,
                job.retrievalModel);
    }

    private LocalJob job(String id) {
        LocalJob job = jobs.get(id);
        if (job == null) {
            throw new ProviderException("not_found", "No local fine-tuning job " + id, 404, false, null, null);
        }
        return job;
    }

    private static void event(LocalJob job, String level, String type, String message, Map<String, Object> data) {
        job.events.add(new ProviderEvent("ftevent-" + job.id + "-" + job.events.size(), Instant.now(), level, type,
                message, data));
    }

    private void save(LocalJob job) {
        jobs.put(job.id, job);
        try {
            Files.createDirectories(jobsDir());
            Path tmp = jobsDir().resolve(job.id + ".json.tmp");
            json.writeValue(tmp.toFile(), job);
            Files.move(tmp, jobsDir().resolve(job.id + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record local job " + job.id, e);
        }
    }

    private Path jobsDir() {
        return Path.of(config.dataDir()).resolve("jobs");
    }

    private Path filesDir() {
        return Path.of(config.dataDir()).resolve("files");
    }

    /** A training file the local trainer cannot read. */
    private static final class InvalidTrainingFile extends RuntimeException {
        InvalidTrainingFile(String message) {
            super(message);
        }
    }
}
