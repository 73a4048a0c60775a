package io.tunepipe.augment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.augment.repository.AugmentationRun;
import io.tunepipe.contracts.Example;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counts and the sample a run keeps as JSON: read, added to chunk by chunk. */
@ApplicationScoped
public class RunTallies {

    private static final int SAMPLE_SIZE = 20;

    @Inject
    ObjectMapper json;

    /** Rejected candidates of a run by reason. */
    public Map<String, Long> rejected(AugmentationRun run) {
        return counts(run.rejected);
    }

    /** Questions of a run the paraphraser failed on, by reason. */
    public Map<String, Long> failed(AugmentationRun run) {
        return counts(run.failed);
    }

    /** Adds a committed chunk's outcome to the run. */
    void add(AugmentationRun run, ChunkOutcome chunk) {
        run.rejected = merged(run.rejected, chunk.rejected());
        run.failed = merged(run.failed, chunk.failed());
        run.sample = sampled(run.sample, chunk.paraphrases());
    }

    private String sampled(String sample, List<Example> paraphrases) {
        List<Map<String, String>> list = new ArrayList<>();
        if (sample != null) {
            try {
                list.addAll(json.readValue(sample, new TypeReference<List<Map<String, String>>>() { }));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        for (Example p : paraphrases) {
            if (list.size() >= SAMPLE_SIZE) {
                break;
            }
            list.add(Map.of("id", p.id(), "question", p.prompt(), "sourceId", p.sourceId()));
        }
        return toJson(list);
    }

    private String merged(String stored, Map<String, Long> more) {
        Map<String, Long> all = counts(stored);
        more.forEach((reason, n) -> all.merge(reason, n, Long::sum));
        return toJson(all);
    }

    private Map<String, Long> counts(String stored) {
        if (stored == null) {
            return new TreeMap<>();
        }
        try {
            return json.readValue(stored, new TypeReference<TreeMap<String, Long>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
