package io.tunepipe.ingest.pipeline;

/**
 * How a file is split and validated.
 *
 * @param maxTokensPerExample question, answer and system together, counted with {@code targetModel}'s tokenizer
 * @param maxFieldChars       longer fields are rejected before they are tokenised
 */
public record IngestSettings(double trainRatio, double validationRatio, double testRatio, String targetModel,
        int maxTokensPerExample, int maxFieldChars) {

    public IngestSettings {
        if (trainRatio < 0 || validationRatio < 0 || testRatio < 0 || trainRatio + validationRatio + testRatio <= 0) {
            throw new IllegalArgumentException("split ratios must be non-negative and not all zero");
        }
    }

    public static IngestSettings defaults() {
        return new IngestSettings(0.8, 0.1, 0.1, "gpt-4o-mini", 4096, 100_000);
    }
}
