package io.tunepipe.training.provider.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the local provider keeps its uploaded files, job records and trained models. */
@ConfigMapping(prefix = "tunepipe.training.local")
public interface LocalConfig {

    @WithDefault(".tunepipe/training/local")
    String dataDir();

    /** Fine-tunes run one after another by default: they use every core. */
    @WithDefault("1")
    int concurrentTrainings();
}
