package io.tunepipe.contracts;

/** Number of examples in each split. */
public record SplitCounts(long train, long validation, long test) {

    public long total() {
        return train + validation + test;
    }
}
