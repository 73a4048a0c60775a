package io.tunepipe.console.board;

import java.time.Instant;

/** One thing that happened to a dataset, told by the service it happened in. */
public record TimelineEntry(Instant at, String service, String what) {
}
