package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.SplitCounts;

import java.util.List;
import java.util.Map;

/**
 * The counts of one ingested file.
 *
 * @param rowsRead   data rows after the header (blank lines not counted)
 * @param duplicates examples dropped because the same question with the same answer came before
 * @param conflicts  examples rejected because the same question came before with a different answer
 */
public record IngestResult(long rowsRead, SplitCounts examples, Map<String, Long> rejectedByReason, long duplicates,
        long conflicts, String encoding, char delimiter, List<String> header) {
}
