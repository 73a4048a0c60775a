package io.tunepipe.training.provider.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Where the local provider keeps its uploaded files, job records and trained models. */
@ConfigMapping(prefix = "tunepipe.training.local")
public interface LocalConfig {

    @WithDefault(".tunepipe/training/local")
    String dataDir();

    /** How often the queue asks about a job: the answer comes from this process's memory. */
    @WithDefault("250ms")
    Duration statusPollInterval();

    /** Whether the encoder of new models loads at start, on the trainer's thread, instead of at the first job. */
    @WithDefault("true")
    boolean loadEncoderAtStart();

    /** Fine-tunes run one after another by default: they use every core. */
    @WithDefault("1")
    int concurrentTrainings();
}
