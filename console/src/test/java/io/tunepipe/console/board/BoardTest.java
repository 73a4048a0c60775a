package io.tunepipe.console.board;

import io.tunepipe.contracts.DatasetRejected;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.tunepipe.console.PipelineEvents.augmented;
import static io.tunepipe.console.PipelineEvents.evaluated;
import static io.tunepipe.console.PipelineEvents.ingested;
import static io.tunepipe.console.PipelineEvents.job;
import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(d.stage()).isEqualTo(DatasetCard.Stage.EVALUATED);
        assertThat(d.rowsRead()).isEqualTo(172);
        assertThat(d.examples().train()).isEqualTo(90);
        assertThat(d.paraphrasesKept()).isEqualTo(310);
        assertThat(d.jobId()).isEqualTo("j1");
        assertThat(d.evaluationId()).isEqualTo("e1");
        assertThat(d.timeline()).extracting(TimelineEntry::service)
                .containsExactly("console", "ingest", "augment", "training", "training", "eval");
        assertThat(d.timeline().get(5).what()).startsWith("promoted");
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
        assertThat(d.stage()).isEqualTo(DatasetCard.Stage.EVALUATED);
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
