package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.Example;

import java.util.function.Consumer;

/** Receives what the pipeline makes of a file, row by row. */
public interface IngestSink {

    void example(Example example);

    void rejected(RejectedRow row);

    /** Passes an example or a rejected row, as handed through {@link #of}, to the method for its kind. */
    default void accept(Object item) {
        if (item instanceof Example example) {
            example(example);
        } else {
            rejected((RejectedRow) item);
        }
    }

    /** A sink that hands examples and rejected rows alike to {@code out}, in order. */
    static IngestSink of(Consumer<Object> out) {
        return new IngestSink() {
            @Override
            public void example(Example example) {
                out.accept(example);
            }

            @Override
            public void rejected(RejectedRow row) {
                out.accept(row);
            }
        };
    }
}
