package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.Example;

import java.util.ArrayList;
import java.util.List;

/** Keeps everything the pipeline emits, for assertions. */
final class CollectingSink implements IngestSink {

    final List<Example> examples = new ArrayList<>();
    final List<RejectedRow> rejected = new ArrayList<>();

    @Override
    public void example(Example example) {
        examples.add(example);
    }

    @Override
    public void rejected(RejectedRow row) {
        rejected.add(row);
    }

    List<String> prompts() {
        return examples.stream().map(Example::prompt).toList();
    }
}
