package io.tunepipe.ingest.rest;

import io.tunepipe.contracts.SplitCounts;
import io.tunepipe.ingest.repository.Dataset;

import java.time.Instant;
import java.util.Map;

/**
 * A dataset as the REST API shows it.
 *
 * @param duplicateOfRequest true when this answers a submission whose content had been ingested before
 * @param rowsSoFar          while ingesting: examples and rejected rows handled so far
 */
public record DatasetView(String id, String name, String source, String status, String reason, String contentHash,
        String encoding, String delimiter, long rowsRead, SplitCounts examples, long rejected,
        Map<String, Long> rejectedByReason, long duplicates, long conflicts, int batchCount, Instant createdAt,
        Instant updatedAt, Long rowsSoFar, boolean duplicateOfRequest) {

    static DatasetView of(Dataset d, Map<String, Long> rejectedByReason, Long rowsSoFar, boolean duplicate) {
        return new DatasetView(d.id, d.name, d.source.name(), d.status.name(), d.reason, d.contentHash, d.encoding,
                d.delimiter, d.rowsRead, new SplitCounts(d.trainCount, d.validationCount, d.testCount), d.rejectedCount,
                rejectedByReason, d.duplicates, d.conflicts, d.batchCount, d.createdAt, d.updatedAt, rowsSoFar,
                duplicate);
    }
}
