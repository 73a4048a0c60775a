package io.tunepipe.training.provider.local;

import io.quarkus.runtime.StartupEvent;
import io.tunepipe.localmodel.AdapterTrainer;
import io.tunepipe.localmodel.Encoder;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The embedded default provider: fine-tunes {@link LocalModel#BASE_MODEL} on this machine with no network, as a
 * provider like any other (upload, create, poll, events, checkpoints, cancel). Its models are retrieval of
 * trained answers over sentence embeddings, not text generation; they are served by
 * {@link io.tunepipe.training.rest.OpenAiCompatibleResource}. A job trains in the instance that submitted it; its
 * record and models live on disk (shared by the instances of one machine), so an instance that takes over a job
 * left unfinished by a dead or stopped one trains it again from its files (same data and seed: same model).
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
    LocalJobRecords records;

    private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();
    /** The jobs this process trains (or will, once a trainer is free). */
    private final Set<String> training = ConcurrentHashMap.newKeySet();
    private ExecutorService trainers;

    void onStart(@Observes StartupEvent start) {
        trainers = Executors.newFixedThreadPool(Math.max(1, config.concurrentTrainings()));
        if (config.loadEncoderAtStart()) {
            trainers.execute(Encoder.DEFAULT::load);
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
    public Optional<Duration> statusPollInterval() {
        return Optional.of(config.statusPollInterval());
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
        startTraining(job.id);
        return job.view();
    }

    @Override
    public ProviderJob get(String providerJobId) {
        return job(providerJobId).view();
    }

    @Override
    public void takeOver(String providerJobId) {
        LocalJob job = job(providerJobId);
        synchronized (job) {
            if (job.finished() || training.contains(job.id)) {
                return;
            }
        }
        LOG.infof("local fine-tune %s was left unfinished by the instance that ran it: training it again here",
                job.id);
        startTraining(job.id);
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

    /** The job of that submission, from the records of every instance that shares the data directory. */
    @Override
    public Optional<ProviderJob> find(String submissionKey) {
        return records.bySubmission(submissionKey).map(j -> jobs.computeIfAbsent(j.id, id -> j).view());
    }

    private void startTraining(String jobId) {
        training.add(jobId);
        trainers.submit(() -> train(jobId));
    }

    private void train(String jobId) {
        LocalJob job = jobs.get(jobId);
        try {
            if (started(job)) {
                fineTune(job);
            }
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
        } finally {
            training.remove(jobId);
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

    /** The job as this process knows it, else as its record on disk left it (another instance submitted it). */
    private LocalJob job(String id) {
        LocalJob job = jobs.computeIfAbsent(id, k -> records.read(k).orElse(null));
        if (job == null) {
            throw new ProviderException("not_found", "No local fine-tuning job " + id, 404, false, null, null);
        }
        return job;
    }

    private void save(LocalJob job) {
        jobs.put(job.id, job);
        records.save(job);
    }
}
