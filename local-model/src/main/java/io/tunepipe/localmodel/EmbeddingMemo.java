package io.tunepipe.localmodel;

import io.tunepipe.text.SentenceEmbedder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Embeds texts once per training run: the calibration model and the final model share most of their texts. */
final class EmbeddingMemo {

    private final SentenceEmbedder embedder;
    private final Map<String, float[]> known = new HashMap<>();

    EmbeddingMemo(SentenceEmbedder embedder) {
        this.embedder = embedder;
    }

    float[][] embed(List<String> texts) {
        LinkedHashSet<String> unseen = new LinkedHashSet<>(texts);
        unseen.removeAll(known.keySet());
        List<String> missing = new ArrayList<>(unseen);
        List<float[]> vectors = embedder.embedAll(missing);
        for (int i = 0; i < missing.size(); i++) {
            known.put(missing.get(i), vectors.get(i));
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = known.get(texts.get(i));
        }
        return out;
    }
}
