package io.tunepipe.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Rows handled so far by the ingests running in this instance, for status pages while the counts are not final. */
@ApplicationScoped
public class IngestProgress {

    private final Map<String, AtomicLong> rows = new ConcurrentHashMap<>();

    AtomicLong start(String datasetId) {
        AtomicLong counter = new AtomicLong();
        rows.put(datasetId, counter);
        return counter;
    }

    void finish(String datasetId) {
        rows.remove(datasetId);
    }

    public OptionalLong rowsSoFar(String datasetId) {
        AtomicLong counter = rows.get(datasetId);
        return counter == null ? OptionalLong.empty() : OptionalLong.of(counter.get());
    }
}
