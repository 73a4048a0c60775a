package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.Example;

/** Receives what the pipeline makes of a file, row by row. */
public interface IngestSink {

    void example(Example example);

    void rejected(RejectedRow row);
}
