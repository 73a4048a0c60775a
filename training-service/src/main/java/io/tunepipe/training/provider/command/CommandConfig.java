package io.tunepipe.training.provider.command;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The external trainer the command provider runs, and where it keeps its jobs. */
@ConfigMapping(prefix = "tunepipe.training.command")
public interface CommandConfig {

    /**
     * The trainer's command line, one argument per entry, with placeholders: {training_file}, {validation_file}
     * (empty without a validation split), {base_model}, {n_epochs}, {batch_size}, {learning_rate_multiplier}
     * ("auto" or a value), {seed} and {suffix} (empty when unset), {job}, {output_dir}, {progress_file}. Without it
     * the provider takes no jobs.
     */
    Optional<List<String>> commandLine();

    /** Where uploaded files and job folders (record, progress file, logs, exit code, output) are kept. */
    @WithDefault(".tunepipe/training/command")
    String dataDir();

    /** Where the trainer runs; its job folder when unset. */
    Optional<String> workingDir();

    /** Base model of jobs that name none. */
    @WithDefault("Qwen/Qwen2.5-0.5B-Instruct")
    String defaultBaseModel();

    /**
     * The fine-tuned model's name, as the OpenAI-compatible server that serves it for evaluation knows it, with the
     * placeholders of the command line; a {"model": ...} line in the progress file wins.
     */
    @WithDefault("{output_dir}")
    String modelName();

    @WithDefault("2")
    int minExamples();

    @WithDefault("32768")
    int maxTokensPerExample();

    /** How long a cancelled trainer has to stop after SIGTERM before it is killed. */
    @WithDefault("10s")
    Duration cancelGrace();
}
