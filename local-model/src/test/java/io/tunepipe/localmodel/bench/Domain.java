package io.tunepipe.localmodel.bench;

import io.tunepipe.localmodel.TrainingPair;

import java.util.List;

/**
 * A dev or test domain of the quality benchmark: the training pairs a user would upload (no validation split, so
 * the product carves its own calibration questions), in-scope questions with their right answers, and
 * out-of-scope questions whose right answer is a refusal (none for the Québec FAQ).
 */
public record Domain(String name, List<TrainingPair> train, List<TrainingPair> inScope, List<String> outOfScope) {
}
