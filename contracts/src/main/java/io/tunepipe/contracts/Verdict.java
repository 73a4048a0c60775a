package io.tunepipe.contracts;

/** Whether the fine-tuned model beat its base by the configured margin on the configured metric. */
public record Verdict(boolean promoted, String metric, double margin, double delta) {
}
