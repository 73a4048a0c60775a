package io.tunepipe.localmodel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.localmodel.TrainingPair;
import io.tunepipe.testdata.TestData;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * CLINC150 as a second dev domain (test-data's clinc150/README.md): a seeded sample of {@value #PER_INTENT}
 * training utterances per intent, each intent answered by one sentence naming it; in scope {@code val}, out of
 * scope {@code oos_val}. Its {@code test} and {@code oos_test} are never read here.
 */
public final class ClincDomain {

    static final int PER_INTENT = 20;

    private ClincDomain() {
    }

    public static Domain dev(long seed) throws Exception {
        JsonNode data;
        try (InputStream in = TestData.open(TestData.CLINC150)) {
            data = new ObjectMapper().readTree(in);
        }
        Map<String, List<String>> byIntent = new LinkedHashMap<>();
        for (JsonNode row : data.get("train")) {
            byIntent.computeIfAbsent(row.get(1).asText(), k -> new ArrayList<>()).add(row.get(0).asText());
        }
        Random random = new Random(seed);
        List<TrainingPair> train = new ArrayList<>();
        byIntent.forEach((intent, utterances) -> {
            List<String> shuffled = new ArrayList<>(utterances);
            Collections.shuffle(shuffled, random);
            shuffled.subList(0, PER_INTENT).forEach(u -> train.add(new TrainingPair(u, answer(intent))));
        });
        List<TrainingPair> inScope = new ArrayList<>();
        data.get("val").forEach(r -> inScope.add(new TrainingPair(r.get(0).asText(), answer(r.get(1).asText()))));
        List<String> outOfScope = new ArrayList<>();
        data.get("oos_val").forEach(r -> outOfScope.add(r.get(0).asText()));
        return new Domain("CLINC150 dev (val, oos_val)", train, inScope, outOfScope);
    }

    private static String answer(String intent) {
        return "Intent: " + intent.replace('_', ' ') + ".";
    }
}
