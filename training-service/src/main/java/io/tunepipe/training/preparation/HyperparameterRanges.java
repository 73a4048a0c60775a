package io.tunepipe.training.preparation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The hyperparameter values a provider accepts; a job asking for more is refused before it is queued.
 *
 * @param maxLearningRateMultiplier inclusive; the multiplier must also be above zero
 */
public record HyperparameterRanges(int maxEpochs, int maxBatchSize, BigDecimal maxLearningRateMultiplier) {

    /** OpenAI's ranges for supervised fine-tuning: 1–50 epochs, batches of 1–256, a multiplier in (0, 10]. */
    public static final HyperparameterRanges OPENAI = new HyperparameterRanges(50, 256, BigDecimal.TEN);

    /** Throws {@link IllegalArgumentException} naming every value out of range for {@code provider}. */
    public void require(Hyperparameters h, String provider) {
        List<String> problems = new ArrayList<>();
        if (h.epochs().isPresent() && h.epochs().getAsInt() > maxEpochs) {
            problems.add("n_epochs must be between 1 and " + maxEpochs + ", not " + h.nEpochs());
        }
        if (!Hyperparameters.AUTO.equals(h.batchSize()) && Integer.parseInt(h.batchSize()) > maxBatchSize) {
            problems.add("batch_size must be between 1 and " + maxBatchSize + ", not " + h.batchSize());
        }
        if (!Hyperparameters.AUTO.equals(h.learningRateMultiplier())
                && new BigDecimal(h.learningRateMultiplier()).compareTo(maxLearningRateMultiplier) > 0) {
            problems.add("learning_rate_multiplier must be above 0 and at most "
                    + maxLearningRateMultiplier.toPlainString() + ", not " + h.learningRateMultiplier());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("provider " + provider + ": " + String.join("; ", problems));
        }
    }
}
