package io.tunepipe.training.provider.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.contracts.JobError;
import io.tunepipe.training.preparation.DataRules;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderException;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import io.tunepipe.training.provider.TrainingProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fine-tunes with an external trainer on this machine (LLaMA-Factory, axolotl, unsloth, a TRL script): runs the
 * configured command line as a child process, tracks it by its exit code and the progress file it writes, and
 * reports the model an OpenAI-compatible server (vLLM, Ollama, llama.cpp) serves for evaluation. Each job has a
 * folder ({@link JobFolders}) holding its record with the process id, so a restarted service finds a running
 * trainer again by pid, or reads the exit code that the shell waiting for it wrote, and never starts it twice.
 */
@ApplicationScoped
public class CommandProvider implements TrainingProvider {

    public static final String NAME = "command";
    private static final Logger LOG = Logger.getLogger(CommandProvider.class);
    /** Runs the trainer ("$@" after the exit file) and writes its exit code, even when this service is gone. */
    private static final String WAIT_AND_RECORD = "exit_file=$1; shift; \"$@\"; code=$?; "
            + "echo \"$code\" > \"$exit_file.tmp\" && mv \"$exit_file.tmp\" \"$exit_file\"";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private final CommandConfig config;
    private final ObjectMapper json;
    private final JobFolders folders;

    @Inject
    public CommandProvider(CommandConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.folders = new JobFolders(Path.of(config.dataDir()), json);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> unavailableReason() {
        return config.commandLine().filter(c -> !c.isEmpty()).isPresent() ? Optional.empty()
                : Optional.of("the command provider has no trainer: set tunepipe.training.command.command-line");
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
        return folders.store(jsonl);
    }

    /** Starts the trainer, unless a job with this submission key exists already: then that one is the answer. */
    @Override
    public ProviderJob create(SubmitRequest request) {
        Optional<ProviderJob> existing = find(request.submissionKey());
        if (existing.isPresent()) {
            return existing.get();
        }
        String id;
        try {
            id = folders.newJob();
        } catch (IOException e) {
            throw new ProviderException("start_failed", "cannot make a job folder: " + e.getMessage(), 0, true,
                    null, e);
        }
        Map<String, String> values = placeholders(id, request);
        CommandJob job = new CommandJob(id, request.submissionKey(), request.baseModel(), values, null, null,
                Instant.now(), false);
        folders.save(job);
        List<String> trainer = config.commandLine().orElseThrow().stream().map(arg -> filled(arg, values)).toList();
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WAIT_AND_RECORD, "tunepipe-trainer",
                folders.exitFile(id).toString()));
        command.addAll(trainer);
        Path workingDir = config.workingDir().map(Path::of).orElse(folders.folder(id));
        try {
            Process process = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(folders.stdout(id).toFile()).redirectError(folders.stderr(id).toFile())
                    .start();
            job = job.started(process.toHandle());
        } catch (IOException e) {
            throw new ProviderException("start_failed", "cannot start the trainer " + trainer.get(0) + ": "
                    + e.getMessage(), 0, false, null, e);
        }
        folders.save(job);
        LOG.infof("command job %s: trainer started, pid %d, output in %s", id, job.pid(), folders.output(id));
        return view(job);
    }

    @Override
    public ProviderJob get(String providerJobId) {
        return view(folders.read(providerJobId));
    }

    /** The start, what the progress file says so far, and the end once the trainer has exited. */
    @Override
    public List<ProviderEvent> events(String providerJobId) {
        CommandJob job = folders.read(providerJobId);
        List<ProviderEvent> events = new ArrayList<>();
        events.add(new ProviderEvent(job.id() + "-started", job.createdAt(), "info", "message",
                job.pid() == null ? "Trainer not started" : "Trainer started, pid " + job.pid(), Map.of()));
        events.addAll(progress(job).events());
        OptionalInt exit = folders.exitCode(job.id());
        if (exit.isPresent()) {
            events.add(new ProviderEvent(job.id() + "-exited", folders.modified(folders.exitFile(job.id())),
                    exit.getAsInt() == 0 ? "info" : "error", "message",
                    "Trainer exited with code " + exit.getAsInt(), Map.of()));
        }
        return events;
    }

    @Override
    public List<ProviderCheckpoint> checkpoints(String providerJobId) {
        return progress(folders.read(providerJobId)).checkpoints();
    }

    /** Stops the trainer and everything it started: SIGTERM, then SIGKILL for what is left after the grace. */
    @Override
    public ProviderJob cancel(String providerJobId) {
        CommandJob job = folders.read(providerJobId);
        Optional<ProcessHandle> trainer = job.running();
        if (trainer.isEmpty()) {
            return view(job);
        }
        job = job.cancelling();
        folders.save(job);
        List<ProcessHandle> tree = Stream.concat(trainer.get().descendants(), Stream.of(trainer.get())).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(config.cancelGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("command job %s: trainer still running after %s, killing it", job.id(), config.cancelGrace());
            tree.forEach(ProcessHandle::destroyForcibly);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return view(job);
    }

    @Override
    public Optional<ProviderJob> find(String submissionKey) {
        return folders.bySubmissionKey(submissionKey).map(this::view);
    }

    /**
     * Running while the process lives; afterwards the exit code decides, and a job whose process is gone without
     * one (killed, or the machine restarted) failed, unless it was cancelled.
     */
    private ProviderJob view(CommandJob job) {
        boolean running = job.running().isPresent();
        OptionalInt exit = folders.exitCode(job.id());
        String status;
        JobError error = null;
        if (running) {
            status = "running";
        } else if (exit.isPresent() && exit.getAsInt() == 0) {
            status = "succeeded";
        } else if (job.cancelRequested()) {
            status = "cancelled";
        } else {
            status = "failed";
            String tail = folders.stderrTail(job.id());
            error = exit.isPresent()
                    ? new JobError("trainer_failed", "The trainer exited with code " + exit.getAsInt()
                            + (tail.isEmpty() ? "." : ": " + tail))
                    : new JobError("trainer_lost", "The trainer's process ended without an exit code (killed, or"
                            + " the machine restarted)" + (tail.isEmpty() ? "." : ": " + tail));
        }
        String model = status.equals("succeeded") ? modelName(job) : null;
        return new ProviderJob(job.id(), ProviderJob.statusOf(status), status, model, null, error, null);
    }

    private String modelName(CommandJob job) {
        String written = progress(job).model();
        return written != null ? written : filled(config.modelName(), job.placeholders());
    }

    private Progress progress(CommandJob job) {
        Path file = folders.progress(job.id());
        return Progress.read(file, job.id(), folders.modified(file), json);
    }

    private Map<String, String> placeholders(String id, SubmitRequest r) {
        Hyperparameters h = r.hyperparameters() == null ? Hyperparameters.ALL_AUTO : r.hyperparameters();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("training_file", folders.file(r.trainingFileId()).toString());
        values.put("validation_file", r.validationFileId() == null ? "" : folders.file(r.validationFileId())
                .toString());
        values.put("base_model", r.baseModel());
        values.put("n_epochs", h.nEpochs());
        values.put("batch_size", h.batchSize());
        values.put("learning_rate_multiplier", h.learningRateMultiplier());
        values.put("seed", r.seed() == null ? "" : r.seed().toString());
        values.put("suffix", r.suffix() == null ? "" : r.suffix());
        values.put("job", id);
        values.put("output_dir", folders.output(id).toString());
        values.put("progress_file", folders.progress(id).toString());
        return values;
    }

    /** The template with each known placeholder replaced by its value, in one pass; others are left as they are. */
    private static String filled(String template, Map<String, String> values) {
        return PLACEHOLDER.matcher(template).replaceAll(m -> Matcher.quoteReplacement(
                values.getOrDefault(m.group(1), m.group())));
    }
}
