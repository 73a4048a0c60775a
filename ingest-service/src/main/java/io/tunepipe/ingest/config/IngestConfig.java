package io.tunepipe.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tunepipe.ingest.pipeline.IngestSettings;

import java.nio.file.Path;
import java.time.Duration;

/** Settings of the ingest step: where files land, how big they may be, how datasets are split and validated. */
@ConfigMapping(prefix = "tunepipe.ingest")
public interface IngestConfig {

    /** Working folder: uploads are spooled here, and the watched drop folder lives inside it. */
    @WithDefault(".tunepipe/ingest")
    Path dataDir();

    /** Folder watched for CSV drops; relative paths are resolved against {@link #dataDir()}. */
    @WithDefault("drop")
    Path dropDir();

    /**
     * The only folder whose files {@code IngestRequested} commands on Kafka may name; relative paths are resolved
     * against {@link #dataDir()}. A command naming anything outside it, links included, is dead-lettered.
     */
    @WithDefault("inbox")
    Path inboxDir();

    /** A dropped file is picked up once its size and modification time have not changed for this long. */
    @WithDefault("2s")
    Duration dropQuietPeriod();

    /** How often the drop folder is scanned. */
    @WithDefault("1s")
    Duration dropScanInterval();

    /** Largest upload accepted over REST, in bytes. */
    @WithDefault("2147483648")
    long maxUploadBytes();

    /** How many datasets are ingested at the same time. */
    @WithDefault("2")
    int concurrentIngests();

    Split split();

    Validation validation();

    /**
     * The split of a file that names none: a group's first question is trained, its further questions (rewordings)
     * are spread over the three splits in these shares, normalised to sum to one.
     */
    interface Split {
        @WithDefault("0.8")
        double train();

        @WithDefault("0.1")
        double validation();

        @WithDefault("0.1")
        double test();

        /** Share of whole groups that go to test untrained, as out-of-scope probes the model should refuse. */
        @WithDefault("0.05")
        double probeGroups();
    }

    /** Per-row checks. */
    interface Validation {
        /** Model whose tokenizer counts the tokens of an example. */
        @WithDefault("gpt-4o-mini")
        String targetModel();

        @WithDefault("4096")
        int maxTokensPerExample();

        @WithDefault("100000")
        int maxFieldChars();
    }

    /** The settings of the pipeline that reads, cleans and splits a file. */
    default IngestSettings pipelineSettings() {
        return new IngestSettings(split().train(), split().validation(), split().test(), split().probeGroups(),
                validation().targetModel(), validation().maxTokensPerExample(), validation().maxFieldChars());
    }
}
