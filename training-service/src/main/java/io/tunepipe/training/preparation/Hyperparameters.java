package io.tunepipe.training.preparation;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.OptionalInt;

/**
 * The hyperparameters of a fine-tune as OpenAI names them; each is {@code "auto"} (the provider chooses) or a value.
 */
public record Hyperparameters(
        @JsonProperty("n_epochs") String nEpochs,
        @JsonProperty("batch_size") String batchSize,
        @JsonProperty("learning_rate_multiplier") String learningRateMultiplier) {

    public static final String AUTO = "auto";
    public static final Hyperparameters ALL_AUTO = new Hyperparameters(AUTO, AUTO, AUTO);

    /** Fills absent values with "auto" and rejects anything that is neither "auto" nor a positive number. */
    public Hyperparameters {
        nEpochs = positiveInteger("n_epochs", nEpochs);
        batchSize = positiveInteger("batch_size", batchSize);
        learningRateMultiplier = positiveDecimal("learning_rate_multiplier", learningRateMultiplier);
    }

    /** The number of epochs when given, empty when "auto". */
    public OptionalInt epochs() {
        return AUTO.equals(nEpochs) ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(nEpochs));
    }

    private static String positiveInteger(String name, String value) {
        if (value == null || value.isBlank() || AUTO.equalsIgnoreCase(value.trim())) {
            return AUTO;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return Integer.toString(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be \"auto\" or a positive integer, not \"" + value + "\"");
    }

    private static String positiveDecimal(String name, String value) {
        if (value == null || value.isBlank() || AUTO.equalsIgnoreCase(value.trim())) {
            return AUTO;
        }
        try {
            BigDecimal d = new BigDecimal(value.trim());
            if (d.signum() > 0) {
                return d.stripTrailingZeros().toPlainString();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be \"auto\" or a positive number, not \"" + value + "\"");
    }
}
