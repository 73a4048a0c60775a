package io.tunepipe.training.preparation;

/** What a provider accepts in a training file for one base model. */
public record DataRules(int minExamples, int maxTokensPerExample) {
}
