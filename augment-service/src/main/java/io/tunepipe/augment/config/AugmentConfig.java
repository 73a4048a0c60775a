package io.tunepipe.augment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How many rewordings to keep per training question, and the similarity band they must fall in. */
@ConfigMapping(prefix = "tunepipe.augment")
public interface AugmentConfig {

    @WithDefault("5")
    int paraphrasesPerQuestion();

    /** Below this cosine similarity to the original, a candidate has drifted in meaning. */
    @WithDefault("0.75")
    double minSimilarity();

    /** Above this, a candidate is a copy. */
    @WithDefault("0.985")
    double maxSimilarity();

    /** Training questions paraphrased per committed chunk. */
    @WithDefault("64")
    int chunkSize();
}
