package io.tunepipe.console.rest;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.tunepipe.console.board.Board;
import io.tunepipe.console.board.Snapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Sends every open page the board when it has changed, at most once a second. */
@ApplicationScoped
public class BoardStream {

    @Inject
    Board board;

    private final BroadcastProcessor<Snapshot> updates = BroadcastProcessor.create();
    private long sent = -1;

    /** The board now, then each change; a slow page skips to the latest. */
    public Multi<Snapshot> follow() {
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(board::snapshot),
                updates.onOverflow().dropPreviousItems());
    }

    @Scheduled(every = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void publish() {
        long version = board.version();
        if (version != sent) {
            sent = version;
            updates.onNext(board.snapshot());
        }
    }
}
