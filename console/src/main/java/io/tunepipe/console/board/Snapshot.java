package io.tunepipe.console.board;

import java.util.List;

/** Everything the page shows, at one version of the board; newest first. */
public record Snapshot(long version, List<DatasetCard> datasets, List<JobCard> jobs,
        List<EvaluationCard> evaluations, Ops ops) {
}
