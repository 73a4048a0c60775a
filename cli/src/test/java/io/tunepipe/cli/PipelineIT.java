package io.tunepipe.cli;

import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Verdict;
import io.tunepipe.localstack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's front door, end to end: {@code tunepipe up --exit} starts a real Kafka and PostgreSQL, the four
 * packaged services, and runs the sample dataset from the drop to evaluation-completed, with no network; the
 * verdict, promoted or held, is the evaluation's to give.
 */
class PipelineIT {

    @TempDir
    Path home;

    @Test
    void theSampleRunsFromIngestToAnHonestVerdictOnThreeModels() {
        Path root = Path.of(System.getProperty("tunepipe.root", "..")).toAbsolutePath().normalize();
        UpCommand up = new UpCommand();
        AtomicReference<Exception> thrown = new AtomicReference<>();
        int exit = new CommandLine(up).setExecutionExceptionHandler((e, line, result) -> {
            thrown.set(e);
            return 1;
        }).execute("--exit", "--home", home.toString(), "--root", root.toString(),
                "--kafka-port", Integer.toString(LocalStack.freePort()),
                "--kafka-controller-port", Integer.toString(LocalStack.freePort()),
                "--postgres-port", Integer.toString(LocalStack.freePort()), "--port-offset", "200",
                "--timeout", "PT10M");

        assertThat(thrown.get()).as("what up threw").isNull();
        RunSummary s = up.summary;
        assertThat(s.failure()).isNull();
        assertThat(exit).isZero();
        assertThat(HomeProcesses.of(new Home(home))).as("processes left under the home").isEmpty();

        assertThat(s.ingested().rowsRead()).isEqualTo(172);
        assertThat(s.ingested().examples().train()).isEqualTo(90);
        assertThat(s.ingested().examples().validation()).isEqualTo(37);
        assertThat(s.ingested().examples().test()).isEqualTo(45);
        assertThat(s.ingested().rejectedByReason()).isEmpty();

        assertThat(s.augmented().kept()).isPositive();
        assertThat(s.augmented().generated()).isGreaterThanOrEqualTo(s.augmented().kept());

        assertThat(s.training().provider()).isEqualTo("local");
        assertThat(s.training().fineTunedModel()).startsWith("local-minilm:ft:");
        assertThat(s.training().trainedTokens()).isPositive();

        // the sample's verdict is whatever the evaluation honestly finds; it must not be one that could not run
        Verdict verdict = s.evaluation().verdict();
        assertThat(verdict.outcome()).as(verdict.reason()).isIn(Verdict.Outcome.PROMOTED, Verdict.Outcome.HELD);
        assertThat(verdict.reason()).isNotBlank();
        assertThat(verdict.retrievalDelta()).as("a retrieval baseline ran").isNotNull();
        assertThat(s.evaluation().scores()).extracting(ModelScores::role)
                .containsExactly(ModelScores.BASE, ModelScores.RETRIEVAL, ModelScores.FINE_TUNED);
        assertThat(s.evaluation().scores()).allSatisfy(m -> {
            assertThat(m.questions()).as(m.role()).isGreaterThanOrEqualTo(45);
            assertThat(m.errors()).as(m.role()).isZero();
            assertThat(m.accuracy()).as(m.role()).isBetween(0.0, 1.0);
        });
        assertThat(s.evaluation().scores().get(2).model()).isEqualTo(s.training().fineTunedModel());

        assertThat(home.resolve("logs/ingest-service.log")).exists();
        assertThat(Files.exists(home.resolve("run/tunepipe.pid"))).isFalse();
    }
}
