package io.tunepipe.cli;

import io.tunepipe.contracts.EvaluationCompleted;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Verdict;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The summary after a run: three models side by side, the outcome with its reason, and the exit code it gives. */
class SummaryPrinterTest {

    private static final List<ModelScores> THREE = List.of(
            new ModelScores("local-minilm", ModelScores.BASE, 50, 0, 0, 0.02, 0.3, 1.0, 0.1, 1.0, 1.0),
            new ModelScores("local-minilm:rag:1", ModelScores.RETRIEVAL, 50, 1, 0.6, 0.7, 0.85, 0.04, 0.64, 0.05,
                    null),
            new ModelScores("local-minilm:ft:1", ModelScores.FINE_TUNED, 50, 0, 0.7, 0.8, 0.9, 0.02, 0.655, 0.025,
                    null));

    private static RunSummary run(List<ModelScores> scores, Verdict verdict) {
        return new RunSummary("ds-1", null, null, null, new EvaluationCompleted(EventMetadata.create("eval-service",
                "ds-1"), "ev-1", "job-1", "ds-1", scores, verdict), "http://localhost:8084/evaluations/ev-1/report",
                null);
    }

    private static String printed(RunSummary s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SummaryPrinter.print(s, false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aHeldModelIsPrintedBesideItsBaseAndRetrievalWithTheReasonAndExitsWithOne() {
        RunSummary held = run(THREE, new Verdict(Verdict.Outcome.HELD,
                "fine-tuned is not significantly better than base with retrieval", "exact_match", 0.555, 1e-9,
                0.015, 0.7539, false));

        assertThat(printed(held)).contains(
                "                                      base  base+retrieval      fine-tuned",
                "  accuracy                           10.0%           64.0%           65.5%",
                "  in-scope refusals                 100.0%            5.0%            2.5%",
                "  out-of-scope refusals             100.0%               -               -",
                "  questions (errors)                50 (0)          50 (1)          50 (0)",
                "Fine-tuned vs base: +55.5 points (p < 0.001)",
                "Fine-tuned vs base+retrieval: +1.5 points (p = 0.754): fine-tuning did not beat retrieval",
                "Outcome: HELD, fine-tuned is not significantly better than base with retrieval",
                "Report: http://localhost:8084/evaluations/ev-1/report");
        assertThat(held.judged()).isTrue();
        assertThat(WatchCommand.exitCode(held)).isEqualTo(TunepipeCli.FAILED);
    }

    @Test
    void aPromotedModelSaysItBeatRetrievalAndExitsWithZero() {
        RunSummary promoted = run(THREE, new Verdict(Verdict.Outcome.PROMOTED, "fine-tuned beats both", "exact_match",
                0.555, 1e-9, 0.09, 0.01, true));

        assertThat(printed(promoted)).contains("(p = 0.010): fine-tuning beat retrieval", "Outcome: PROMOTED");
        assertThat(WatchCommand.exitCode(promoted)).isZero();
    }

    @Test
    void aFailedEvaluationPrintsItsReasonWithoutATableAndExitsWithOne() {
        RunSummary failed = run(List.of(), Verdict.failed("the fine-tuned model did not answer"));

        assertThat(printed(failed)).doesNotContain("accuracy", "Report:")
                .contains("Outcome: FAILED, the fine-tuned model did not answer");
        assertThat(failed.judged()).isFalse();
        assertThat(WatchCommand.exitCode(failed)).isEqualTo(TunepipeCli.FAILED);
    }

    @Test
    void aModelThatCouldNotBeAskedIsShownAsSuchAndNoRetrievalBaselineIsSaid() {
        RunSummary two = run(List.of(THREE.get(0), THREE.get(2)), new Verdict(Verdict.Outcome.PROMOTED, "better",
                "exact_match", 0.555, 1e-9, null, null, false));

        assertThat(printed(two)).contains("  accuracy                           10.0%       not asked           65.5%",
                "Fine-tuned vs base+retrieval: no retrieval baseline ran");
    }

    @Test
    void aRunThatStoppedSaysWhereAndExitsWithOne() {
        RunSummary stopped = new RunSummary("ds-1", null, null, null, null, null, "training job j-1 failed");

        assertThat(printed(stopped)).contains("The run of ds-1 stopped: training job j-1 failed");
        assertThat(WatchCommand.exitCode(stopped)).isEqualTo(TunepipeCli.FAILED);
    }
}
