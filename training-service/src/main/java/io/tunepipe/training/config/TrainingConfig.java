package io.tunepipe.training.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How training jobs are created, prepared and run through the queue. */
@ConfigMapping(prefix = "tunepipe.training")
public interface TrainingConfig {

    /** AUTOMATIC: a job per dataset as soon as all its examples and paraphrases are here; COMMAND: wait for one. */
    @WithDefault("automatic")
    JobCreation jobCreation();

    /** The provider of jobs that name none; when this build lacks it, see README "Training providers". */
    @WithDefault("local")
    String defaultProvider();

    /** System message of every training example that has none of its own; none when unset. */
    Optional<String> systemMessage();

    /** Where training files are written before upload. */
    @WithDefault("${java.io.tmpdir}/tunepipe-training")
    String workDir();

    /** Billed tokens above which a job's cost estimate warns; the job still runs. */
    @WithDefault("20000000")
    long budgetBilledTokens();

    Queue queue();

    /** When jobs are created. */
    enum JobCreation { AUTOMATIC, COMMAND }

    /** How jobs wait for their provider and run in the shared work queue. */
    interface Queue {

        /**
         * How often queued jobs are admitted to their provider's free slots; a held job waiting for its next poll
         * looks for a cancel as often.
         */
        @WithDefault("2s")
        Duration tick();

        /** How often a submitted job's status is asked. */
        @WithDefault("30s")
        Duration statusPollInterval();

        @WithDefault("5s")
        Duration backoffInitial();

        @WithDefault("10m")
        Duration backoffMax();

        /** Jobs one instance holds at once, from its claim until the job is final; more wait for a free instance. */
        @WithDefault("20")
        int jobsPerInstance();

        /** Jobs at once between preparing and a final state, per provider, unless listed in max-active-jobs. */
        @WithDefault("3")
        int defaultMaxActiveJobs();

        /** Per-provider limits across instances, such as max-active-jobs.openai=3. */
        Map<String, Integer> maxActiveJobs();
    }
}
