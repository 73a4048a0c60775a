package io.tunepipe.localmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Embeds each text once: the calibration model and the final model share most of their texts, and so do a
 * fine-tune and its retrieval baseline.
 */
final class EmbeddingMemo {

    private final Encoder encoder;
    private final Map<String, float[]> known = new HashMap<>();

    EmbeddingMemo(Encoder encoder) {
        this.encoder = encoder;
    }

    Encoder encoder() {
        return encoder;
    }

    synchronized float[][] embed(List<String> texts) {
        LinkedHashSet<String> unseen = new LinkedHashSet<>(texts);
        unseen.removeAll(known.keySet());
        List<String> missing = new ArrayList<>(unseen);
        float[][] vectors = encoder.embed(missing);
        for (int i = 0; i < missing.size(); i++) {
            known.put(missing.get(i), vectors[i]);
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = known.get(texts.get(i));
        }
        return out;
    }
}
