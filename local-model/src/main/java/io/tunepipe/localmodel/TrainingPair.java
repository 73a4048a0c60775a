package io.tunepipe.localmodel;

/** A question and the answer the model must give to it. */
public record TrainingPair(String question, String answer) {
}
