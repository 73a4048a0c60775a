package io.tunepipe.training.preparation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome of the data checks and the cost estimate of a training run.
 *
 * @param billingTokensPerEpoch tokens of all training examples, each capped at the model's limit
 * @param billedTokens          billing tokens per epoch x epochs: what the provider charges for
 * @param problems              what stops the job from being submitted
 * @param warnings              what the provider accepts but the user should know
 */
public record DataReport(int trainingExamples, int validationExamples, Map<String, Integer> trainingFormatErrors,
        Map<String, Integer> validationFormatErrors, int examplesOverTokenLimit, int maxTokensPerExample,
        long assistantTokens, long billingTokensPerEpoch, int epochs, long billedTokens, List<String> problems,
        List<String> warnings) {

    public boolean ok() {
        return problems.isEmpty();
    }

    /** This report with one more warning. */
    public DataReport withWarning(String warning) {
        List<String> more = new ArrayList<>(warnings);
        more.add(warning);
        return new DataReport(trainingExamples, validationExamples, trainingFormatErrors, validationFormatErrors,
                examplesOverTokenLimit, maxTokensPerExample, assistantTokens, billingTokensPerEpoch, epochs,
                billedTokens, problems, List.copyOf(more));
    }
}
