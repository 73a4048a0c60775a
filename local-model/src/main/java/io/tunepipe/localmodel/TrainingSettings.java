package io.tunepipe.localmodel;

/**
 * Hyperparameters with OpenAI's meanings: passes over the data, examples per step, and a multiplier of the base
 * learning rate; the seed fixes shuffling, so the same data and seed give the same model.
 */
public record TrainingSettings(int epochs, int batchSize, double learningRateMultiplier, long seed) {

    /** Adam's step size before the multiplier. */
    public static final double BASE_LEARNING_RATE = 1e-3;

    public TrainingSettings {
        if (epochs < 1 || batchSize < 2 || learningRateMultiplier <= 0) {
            throw new IllegalArgumentException("epochs >= 1, batch size >= 2 and a positive learning rate multiplier");
        }
    }

    /** OpenAI-like choices for "auto": more epochs for small datasets, batches of about 0.2% of the data. */
    public static TrainingSettings auto(int examples, Integer epochs, Integer batchSize, Double multiplier, long seed) {
        int e = epochs != null ? epochs : examples < 100 ? 8 : examples < 1000 ? 5 : 3;
        int b = batchSize != null ? batchSize
                : Math.max(16, Math.min(64, Integer.highestOneBit(Math.max(1, examples / 16))));
        return new TrainingSettings(e, b, multiplier != null ? multiplier : 1.0, seed);
    }
}
