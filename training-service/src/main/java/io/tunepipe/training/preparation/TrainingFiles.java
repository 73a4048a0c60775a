package io.tunepipe.training.preparation;

import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Split;
import io.tunepipe.llm.ChatJsonlWriter;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.training.config.TrainingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a dataset's training file (training split, paraphrases included) and validation file in chat-format
 * JSONL, then runs the data checks and the cost estimate on what was written.
 */
@ApplicationScoped
public class TrainingFiles {

    @Inject
    ExampleRepository examples;
    @Inject
    TrainingConfig config;

    /** The files of one job, and the report on them; the validation file is null when there is no such split. */
    public record Prepared(Path training, Path validation, DataReport report) {

        /** Removes the files once uploaded, or after an estimate. */
        public void delete() {
            try {
                Files.deleteIfExists(training);
                if (validation != null) {
                    Files.deleteIfExists(validation);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Writes the files under the work directory, named after {@code name}. */
    public Prepared prepare(String name, String datasetId, String baseModel, Hyperparameters hyperparameters,
            DataRules rules) {
        Path dir = Path.of(config.workDir());
        Path training = dir.resolve(name + "-training.jsonl");
        Path validation = dir.resolve(name + "-validation.jsonl");
        String system = config.systemMessage().orElse(null);
        try (ChatJsonlWriter out = ChatJsonlWriter.to(training, system)) {
            examples.forEach(datasetId, Split.TRAIN, e -> write(out, e));
        }
        int validationLines;
        try (ChatJsonlWriter out = ChatJsonlWriter.to(validation, system)) {
            examples.forEach(datasetId, Split.VALIDATION, e -> write(out, e));
            validationLines = out.lines();
        }
        if (validationLines == 0) {
            try {
                Files.delete(validation);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            validation = null;
        }
        DataReport report = new TrainingDataCheck(new ChatTokenCounter(baseModel), rules)
                .check(training, validation, hyperparameters);
        if (report.billedTokens() > config.budgetBilledTokens()) {
            report = report.withWarning(String.format(Locale.ROOT, "the estimate of %,d billed tokens is over the"
                    + " budget of %,d billed tokens (tunepipe.training.budget-billed-tokens)", report.billedTokens(),
                    config.budgetBilledTokens()));
        }
        return new Prepared(training, validation, report);
    }

    private static void write(ChatJsonlWriter out, Example e) {
        out.write(e.system(), e.prompt(), e.completion());
    }
}
