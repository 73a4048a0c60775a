package io.tunepipe.training.provider.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
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
    LocalFiles files;
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
        return files.upload(jsonl);
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
        job.event("info", "message", "Fine-tuning job created", Map.of());
        save(job);
        trainers.submit(() -> train(job.id));
        return job.view();
    }

    @Override
    public ProviderJob get(String providerJobId) {
        return job(providerJobId).view();
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
                    job.event("info", "message", "Fine-tuning job cancelled", Map.of());
                }
                save(job);
            }
        }
        return job.view();
    }

    @Override
    public Optional<ProviderJob> find(String submissionKey) {
        return jobs.values().stream().filter(j -> submissionKey.equals(j.submissionKey)).findFirst()
                .map(LocalJob::view);
    }

    private void train(String jobId) {
        LocalJob job = jobs.get(jobId);
        if (!started(job)) {
            return;
        }
        try {
            fineTune(job);
        } catch (CancellationException e) {
            synchronized (job) {
                job.status = "cancelled";
                job.event("info", "message", "Fine-tuning job cancelled", Map.of());
                save(job);
            }
        } catch (RuntimeException | IOException e) {
            LOG.errorf(e, "local fine-tune %s failed", job.id);
            synchronized (job) {
                job.status = "failed";
                job.errorCode = e instanceof LocalFiles.InvalidTrainingFile ? "invalid_training_file"
                        : "training_failed";
                job.errorMessage = e.getMessage();
                job.event("error", "message", "Fine-tuning failed: " + e.getMessage(), Map.of());
                save(job);
            }
        }
    }

    /** Marks the job running; false when a cancel came first. */
    private boolean started(LocalJob job) {
        synchronized (job) {
            if (job.cancelRequested) {
                job.status = "cancelled";
                save(job);
                return false;
            }
            job.status = "running";
            job.checkpoints.clear();
            job.event("info", "message", "Fine-tuning job started", Map.of());
            save(job);
            return true;
        }
    }

    /** Trains the adapter and its retrieval baseline, saves both models and marks the job succeeded. */
    private void fineTune(LocalJob job) throws IOException {
        List<TrainingPair> train = files.pairs(job.trainingFileId);
        List<TrainingPair> validation = job.validationFileId == null ? List.of() : files.pairs(job.validationFileId);
        TrainingSettings settings = settings(job, train.size());
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
            job.event("info", "message", "The job has successfully completed: " + name, Map.of());
            save(job);
        }
        LOG.infof("local fine-tune %s done: %s", job.id, name);
    }

    private static TrainingSettings settings(LocalJob job, int trainingPairs) {
        Hyperparameters h = job.hyperparameters == null ? Hyperparameters.ALL_AUTO : job.hyperparameters;
        return TrainingSettings.auto(trainingPairs, value(h.nEpochs()), value(h.batchSize()),
                h.learningRateMultiplier().equals(Hyperparameters.AUTO) ? null
                        : Double.valueOf(h.learningRateMultiplier()),
                job.seed == null ? AdapterTrainer.DEFAULT_SEED : job.seed);
    }

    private void epochDone(LocalJob job, EpochMetrics m, String modelName) {
        synchronized (job) {
            job.epochDone(m, modelName);
            save(job);
        }
    }

    private static Integer value(String hyperparameter) {
        return Hyperparameters.AUTO.equals(hyperparameter) ? null : Integer.valueOf(hyperparameter);
    }

    private LocalJob job(String id) {
        LocalJob job = jobs.get(id);
        if (job == null) {
            throw new ProviderException("not_found", "No local fine-tuning job " + id, 404, false, null, null);
        }
        return job;
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
}
