package io.tunepipe.ingest.pipeline;

/**
 * How a file is split and validated.
 *
 * @param trainRatio          with {@code validationRatio} and {@code testRatio}: the shares in which a group's further
 *                            questions (rewordings) are spread when the file names no split; its first is trained
 * @param probeGroupShare     share of whole groups that go to test untrained, as out-of-scope probes
 * @param maxTokensPerExample question, answer and system together, counted with {@code targetModel}'s tokenizer
 * @param maxFieldChars       longer fields are rejected before they are tokenised
 */
public record IngestSettings(double trainRatio, double validationRatio, double testRatio, double probeGroupShare,
        String targetModel, int maxTokensPerExample, int maxFieldChars) {

    public IngestSettings {
        if (trainRatio < 0 || validationRatio < 0 || testRatio < 0 || trainRatio + validationRatio + testRatio <= 0) {
            throw new IllegalArgumentException("split ratios must be non-negative and not all zero");
        }
        if (!(probeGroupShare >= 0 && probeGroupShare <= 1)) {
            throw new IllegalArgumentException("the share of probe groups must be between 0 and 1");
        }
    }

    public static IngestSettings defaults() {
        return new IngestSettings(0.8, 0.1, 0.1, 0.05, "gpt-4o-mini", 4096, 100_000);
    }
}
