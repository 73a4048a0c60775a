package io.tunepipe.console.board;

import io.tunepipe.contracts.DatasetRejected;
import io.tunepipe.contracts.EvaluationCompleted;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.tunepipe.console.PipelineEvents.augmented;
import static io.tunepipe.console.PipelineEvents.evaluated;
import static io.tunepipe.console.PipelineEvents.evaluationFailed;
import static io.tunepipe.console.PipelineEvents.held;
import static io.tunepipe.console.PipelineEvents.ingested;
import static io.tunepipe.console.PipelineEvents.job;
import static org.assertj.core.api.Assertions.assertThat;

/** The board folded from events: stages, outcomes with their reasons, in any order of arrival. */
class BoardTest {

    private final Board board = new Board();
    private final Instant t0 = Instant.parse("2026-11-24T10:00:00Z");

    private DatasetCard only() {
        assertThat(board.snapshot().datasets()).hasSize(1);
        return board.snapshot().datasets().get(0);
    }

    @Test
    void aDatasetMovesThroughTheStagesAsItsEventsArrive() {
        board.uploaded("d1", "faq.csv", t0);
        assertThat(only().stage()).isEqualTo(DatasetCard.Stage.INGESTING);
        board.apply(ingested("d1"), t0.plusSeconds(1));
        assertThat(only().stage()).isEqualTo(DatasetCard.Stage.AUGMENTING);
        board.augmentedBatch("d1", t0.plusSeconds(2));
        assertThat(only().augmentedBatches()).isEqualTo(1);
        board.apply(augmented("d1"), t0.plusSeconds(3));
        assertThat(only().stage()).isEqualTo(DatasetCard.Stage.AUGMENTED);
        board.apply(job("j1", "d1", JobStatus.RUNNING), t0.plusSeconds(4));
        assertThat(only().stage()).isEqualTo(DatasetCard.Stage.TRAINING);
        board.apply(job("j1", "d1", JobStatus.SUCCEEDED), t0.plusSeconds(5));
        assertThat(only().stage()).isEqualTo(DatasetCard.Stage.EVALUATING);
        board.apply(evaluated("e1", "j1", "d1"), t0.plusSeconds(6));

        DatasetCard d = only();
        assertThat(d.stage()).isEqualTo(DatasetCard.Stage.PROMOTED);
        assertThat(d.problem()).isNull();
        assertThat(d.verdict().reason()).startsWith("fine-tuned beats base");
        assertThat(d.rowsRead()).isEqualTo(172);
        assertThat(d.examples().train()).isEqualTo(90);
        assertThat(d.paraphrasesKept()).isEqualTo(310);
        assertThat(d.jobId()).isEqualTo("j1");
        assertThat(d.evaluationId()).isEqualTo("e1");
        assertThat(d.timeline()).extracting(TimelineEntry::service)
                .containsExactly("console", "ingest", "augment", "training", "training", "eval");
        assertThat(d.timeline().get(5).what()).startsWith("promoted: fine-tuned beats base")
                .endsWith("(accuracy base 11.1%, base+retrieval 62.0%, fine-tuned 71.1%)");
        assertThat(board.snapshot().jobs()).singleElement().extracting(JobCard::status).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(board.snapshot().evaluations()).singleElement()
                .satisfies(e -> assertThat(e.verdict().promoted()).isTrue());
    }

    @Test
    void eventsReadOutOfOrderGiveTheSameCardWithATimelineInTimeOrder() {
        board.apply(evaluated("e1", "j1", "d1"), t0.plusSeconds(6));
        board.apply(job("j1", "d1", JobStatus.SUCCEEDED), t0.plusSeconds(5));
        board.apply(augmented("d1"), t0.plusSeconds(3));
        board.apply(ingested("d1"), t0.plusSeconds(1));

        DatasetCard d = only();
        assertThat(d.stage()).isEqualTo(DatasetCard.Stage.PROMOTED);
        assertThat(d.name()).isEqualTo("faq.csv");
        assertThat(d.updatedAt()).isEqualTo(t0.plusSeconds(6));
        assertThat(d.timeline()).extracting(TimelineEntry::service).containsExactly("ingest", "augment", "training",
                "eval");
    }

    @Test
    void aFailedJobOrARejectedFileIsShownWithItsReason() {
        board.apply(ingested("d1"), t0);
        board.apply(job("j1", "d1", JobStatus.FAILED), t0.plusSeconds(1));
        board.apply(new DatasetRejected(EventMetadata.create("ingest-service", "d2"), "d2", "blob.bin",
                "The file is not text."), t0.plusSeconds(2));

        var cards = board.snapshot().datasets();
        assertThat(cards).extracting(DatasetCard::id).containsExactly("d2", "d1");
        assertThat(cards.get(0).stage()).isEqualTo(DatasetCard.Stage.REJECTED);
        assertThat(cards.get(0).problem()).isEqualTo("The file is not text.");
        assertThat(cards.get(1).stage()).isEqualTo(DatasetCard.Stage.TRAINING_FAILED);
        assertThat(cards.get(1).problem()).isEqualTo("training failed: the training file is empty");
    }

    @Test
    void aHeldModelIsShownAsHeldWithItsReasonAndThreeScores() {
        board.apply(ingested("d1"), t0);
        board.apply(job("j1", "d1", JobStatus.SUCCEEDED), t0.plusSeconds(1));
        board.apply(held("e1", "j1", "d1", "fine-tuned is not better than base with retrieval (+1.1 points, p=0.81)"),
                t0.plusSeconds(2));

        DatasetCard d = only();
        assertThat(d.stage()).isEqualTo(DatasetCard.Stage.HELD);
        assertThat(d.problem()).isNull();
        assertThat(d.verdict().outcome()).isEqualTo(Verdict.Outcome.HELD);
        assertThat(d.verdict().beatsRetrieval()).isFalse();
        assertThat(d.timeline().get(2).what())
                .startsWith("held: fine-tuned is not better than base with retrieval (+1.1 points, p=0.81)");
        assertThat(board.snapshot().evaluations()).singleElement().satisfies(e -> assertThat(e.scores())
                .extracting(ModelScores::role)
                .containsExactly(ModelScores.BASE, ModelScores.RETRIEVAL, ModelScores.FINE_TUNED));
    }

    @Test
    void aFailedEvaluationEndsTheDatasetAsFailedWithItsReasonInsteadOfEvaluatingForever() {
        board.apply(ingested("d1"), t0);
        board.apply(job("j1", "d1", JobStatus.SUCCEEDED), t0.plusSeconds(1));
        assertThat(only().stage()).isEqualTo(DatasetCard.Stage.EVALUATING);
        board.apply(evaluationFailed("e1", "j1", "d1", "the fine-tuned model did not answer"), t0.plusSeconds(2));

        DatasetCard d = only();
        assertThat(d.stage()).isEqualTo(DatasetCard.Stage.EVALUATION_FAILED);
        assertThat(d.problem()).isEqualTo("evaluation failed: the fine-tuned model did not answer");
        assertThat(d.timeline().get(2).what()).isEqualTo("failed: the fine-tuned model did not answer");
        assertThat(board.snapshot().evaluations()).singleElement().satisfies(e -> assertThat(e.scores()).isEmpty());

        board.apply(evaluated("e2", "j1", "d1"), t0.plusSeconds(3));
        assertThat(only().stage()).as("evaluated again").isEqualTo(DatasetCard.Stage.PROMOTED);
        assertThat(only().problem()).isNull();
        assertThat(only().evaluationId()).isEqualTo("e2");
    }

    @Test
    void aCancelledJobEndsTheDatasetAsTrainingFailed() {
        board.apply(ingested("d1"), t0);
        board.apply(job("j1", "d1", JobStatus.CANCELLED), t0.plusSeconds(1));
        assertThat(only().stage()).isEqualTo(DatasetCard.Stage.TRAINING_FAILED);
        assertThat(only().problem()).isEqualTo("training cancelled");
    }

    @Test
    void anEvaluationWrittenBeforeVerdictsHadAnOutcomeIsCountedAsUnreadable() {
        board.apply(new EvaluationCompleted(EventMetadata.create("eval-service", "d1"), "e1", "j1", "d1", List.of(),
                new Verdict(null, null, "token_f1", 0.5, 1, null, null, false)), t0);
        assertThat(board.snapshot().datasets()).isEmpty();
        assertThat(board.snapshot().evaluations()).isEmpty();
        assertThat(board.snapshot().ops().unreadableEvents()).isEqualTo(1);
    }

    @Test
    void onlyTheNewestCardsAreKeptAndEveryChangeMovesTheVersion() {
        long before = board.version();
        for (int i = 0; i < Board.LIMIT + 10; i++) {
            board.apply(ingested("d" + i), t0.plusSeconds(i));
        }
        assertThat(board.version()).isEqualTo(before + Board.LIMIT + 10);
        assertThat(board.snapshot().datasets()).hasSize(Board.LIMIT)
                .first().extracting(DatasetCard::id).isEqualTo("d" + (Board.LIMIT + 9));

        board.unreadable();
        assertThat(board.snapshot().ops().unreadableEvents()).isEqualTo(1);
        board.restart();
        assertThat(board.snapshot().datasets()).isEmpty();
        assertThat(board.snapshot().ops().unreadableEvents()).isZero();
    }
}
