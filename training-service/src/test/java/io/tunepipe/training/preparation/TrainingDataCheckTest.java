package io.tunepipe.training.preparation;

import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.llm.ChatJsonlWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TrainingDataCheck} on JSONL files written by {@link ChatJsonlWriter}: the Cookbook's epochs, format errors by
 * kind, too few or too long examples, the billed tokens, and hyperparameters that are auto or bounded positive values.
 */
class TrainingDataCheckTest {

    @TempDir
    Path dir;

    private final TrainingDataCheck check = new TrainingDataCheck(new ChatTokenCounter("gpt-4o-mini-2024-07-18"),
            new DataRules(10, 60));

    @Test
    void epochsAreChosenAsTheCookbookDoes() {
        assertThat(TrainingDataCheck.defaultEpochs(10)).isEqualTo(10);
        assertThat(TrainingDataCheck.defaultEpochs(3)).isEqualTo(25);
        assertThat(TrainingDataCheck.defaultEpochs(100)).isEqualTo(3);
        assertThat(TrainingDataCheck.defaultEpochs(10_000)).isEqualTo(2);
        assertThat(TrainingDataCheck.defaultEpochs(30_000)).isEqualTo(1);
    }

    @Test
    void writtenChatExamplesPassAndAreBilledPerEpoch() throws IOException {
        Path file = write(12, "Be brief.");
        DataReport report = check.check(file, null, Hyperparameters.ALL_AUTO);

        assertThat(report.ok()).isTrue();
        assertThat(report.trainingExamples()).isEqualTo(12);
        assertThat(report.epochs()).isEqualTo(8);
        assertThat(report.billingTokensPerEpoch()).isPositive();
        assertThat(report.billedTokens()).isEqualTo(report.billingTokensPerEpoch() * 8);
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("{\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"What is question 0?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Answer 0.\"}]}");

        DataReport fixed = check.check(file, null, new Hyperparameters("2", null, "0.5"));
        assertThat(fixed.epochs()).isEqualTo(2);
        assertThat(fixed.billedTokens()).isEqualTo(report.billingTokensPerEpoch() * 2);
    }

    @Test
    void fewerThanTenExamplesAreRefused() throws IOException {
        DataReport report = check.check(write(9, null), null, Hyperparameters.ALL_AUTO);
        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).containsExactly("training file has 9 examples; at least 10 are required");
    }

    @Test
    void formatErrorsAreCountedByKind() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, String.join("\n",
                "not json",
                "{\"prompt\":\"old format\"}",
                "{\"messages\":[{\"role\":\"user\"}]}",
                "{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"extra\":1},"
                        + "{\"role\":\"assistant\",\"content\":\"\"}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"only a question\"}]}"));
        DataReport report = check.check(file, null, Hyperparameters.ALL_AUTO);

        assertThat(report.trainingFormatErrors()).containsEntry("data_type", 1)
                .containsEntry("missing_messages_list", 1)
                .containsEntry("message_missing_key", 1)
                .containsEntry("unrecognized_role", 1)
                .containsEntry("message_unrecognized_key", 1)
                .containsEntry("missing_content", 1)
                .containsEntry("example_missing_assistant_message", 2);
        assertThat(report.ok()).isFalse();
    }

    @Test
    void examplesOverTheTokenLimitAreFlaggedAndCappedInTheBill() throws IOException {
        Path file = dir.resolve("long.jsonl");
        try (ChatJsonlWriter out = ChatJsonlWriter.to(file, null)) {
            for (int i = 0; i < 10; i++) {
                write(out, example(i, i == 0 ? "word ".repeat(200) : "short?"));
            }
        }
        DataReport report = check.check(file, null, new Hyperparameters("1", null, null));
        assertThat(report.examplesOverTokenLimit()).isEqualTo(1);
        assertThat(report.maxTokensPerExample()).isGreaterThan(200);
        assertThat(report.billingTokensPerEpoch()).isLessThanOrEqualTo(60L * 10);
        assertThat(report.warnings()).singleElement().asString().contains("exceed 60 tokens");
    }

    @Test
    void hyperparametersAreAutoOrPositiveValues() {
        assertThat(new Hyperparameters(null, "", " AUTO ")).isEqualTo(Hyperparameters.ALL_AUTO);
        assertThat(new Hyperparameters("3", "8", "0.10").learningRateMultiplier()).isEqualTo("0.1");
        assertThatThrownBy(() -> new Hyperparameters("0", null, null)).hasMessageContaining("n_epochs");
        assertThatThrownBy(() -> new Hyperparameters(null, "many", null)).hasMessageContaining("batch_size");
        assertThatThrownBy(() -> new Hyperparameters(null, null, "-1"))
                .hasMessageContaining("learning_rate_multiplier");
    }

    @Test
    void learningRateMultiplierIsBoundedAndCheckedBeforeParsing() {
        assertThat(new Hyperparameters(null, null, "5e-1").learningRateMultiplier()).isEqualTo("0.5");
        assertThat(new Hyperparameters(null, null, "10").learningRateMultiplier()).isEqualTo("10");
        assertThatThrownBy(() -> new Hyperparameters(null, null, "1e20")).hasMessageContaining("at most 10");
        assertThatThrownBy(() -> new Hyperparameters(null, null, "1e900000000")).hasMessageContaining("at most 10");
        assertThatThrownBy(() -> new Hyperparameters(null, null, "0." + "1".repeat(100)))
                .hasMessageEndingWith("...\"");
    }

    @Test
    void tokenizerFollowsTheModelGeneration() {
        assertThat(ChatTokenCounter.encodingOf("gpt-4o-mini-2024-07-18").getName()).isEqualTo("o200k_base");
        assertThat(ChatTokenCounter.encodingOf("gpt-3.5-turbo-0125").getName()).isEqualTo("cl100k_base");
    }

    private Path write(int n, String system) {
        Path file = dir.resolve("train-" + n + ".jsonl");
        try (ChatJsonlWriter out = ChatJsonlWriter.to(file, system)) {
            for (int i = 0; i < n; i++) {
                write(out, example(i, "What is question " + i + "?"));
            }
        }
        return file;
    }

    private static void write(ChatJsonlWriter out, Example e) {
        out.write(e.system(), e.prompt(), e.completion());
    }

    private static Example example(int i, String prompt) {
        return new Example("e" + i, "g" + i, Split.TRAIN, prompt, "Answer " + i + ".", null, Origin.ORIGINAL, null, i);
    }
}
