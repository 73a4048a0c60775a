package io.tunepipe.training.preparation;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The hyperparameters of a fine-tune as OpenAI names them; each is {@code "auto"} (the provider chooses) or a value.
 */
public record Hyperparameters(
        @JsonProperty("n_epochs") String nEpochs,
        @JsonProperty("batch_size") String batchSize,
        @JsonProperty("learning_rate_multiplier") String learningRateMultiplier) {

    public static final String AUTO = "auto";
    public static final Hyperparameters ALL_AUTO = new Hyperparameters(AUTO, AUTO, AUTO);
    private static final BigDecimal MAX_MULTIPLIER = BigDecimal.TEN;
    private static final int MAX_DECIMAL_CHARS = 32;
    /** A decimal whose exponent, if any, has at most two digits. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,2})?");

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

    /** The batch size when given, empty when "auto". */
    public OptionalInt batch() {
        return AUTO.equals(batchSize) ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(batchSize));
    }

    /** The learning rate multiplier when given, empty when "auto". */
    public OptionalDouble multiplier() {
        return AUTO.equals(learningRateMultiplier) ? OptionalDouble.empty()
                : OptionalDouble.of(Double.parseDouble(learningRateMultiplier));
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
        String trimmed = value.trim();
        // checked before parsing: "1e900000000" is a valid BigDecimal whose plain form takes about a gigabyte
        if (trimmed.length() <= MAX_DECIMAL_CHARS && DECIMAL.matcher(trimmed).matches()) {
            BigDecimal d = new BigDecimal(trimmed);
            if (d.signum() > 0 && d.compareTo(MAX_MULTIPLIER) <= 0) {
                return d.stripTrailingZeros().toPlainString();
            }
        }
        throw new IllegalArgumentException(name + " must be \"auto\" or a number greater than 0 and at most "
                + MAX_MULTIPLIER + ", not \"" + abbreviated(value) + "\"");
    }

    private static String abbreviated(String value) {
        return value.length() <= MAX_DECIMAL_CHARS ? value : value.substring(0, MAX_DECIMAL_CHARS) + "...";
    }
}
