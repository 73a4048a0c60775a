package io.tunepipe.text;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.util.ArrayList;
import java.util.List;

/** Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions, unit length, runs offline from its Maven jar). */
public final class SentenceEmbedder {

    public static final int DIMENSIONS = 384;
    private static final int CHUNK = 256;

    private static volatile SentenceEmbedder shared;

    private final EmbeddingModel model;

    private SentenceEmbedder() {
        this.model = OnnxEmbeddingModels.load(AllMiniLmL6V2EmbeddingModel.class, "all-minilm-l6-v2",
                PoolingMode.MEAN);
    }

    /** The one model of this JVM: loading it takes a second or two and about 100 MB. */
    public static SentenceEmbedder shared() {
        if (shared == null) {
            synchronized (SentenceEmbedder.class) {
                if (shared == null) {
                    shared = new SentenceEmbedder();
                }
            }
        }
        return shared;
    }

    /** The embedding of one text, scaled to unit length; a blank text gets the zero vector. */
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** Embeddings of many texts, in order, each scaled to unit length; blank texts get the zero vector. */
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += CHUNK) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + CHUNK));
            List<TextSegment> segments = chunk.stream().filter(SentenceEmbedder::hasText).map(TextSegment::from)
                    .toList();
            var embedded = segments.isEmpty() ? List.<float[]>of()
                    : model.embedAll(segments).content().stream().map(e -> normalized(e.vector())).toList();
            int next = 0;
            for (String text : chunk) {
                vectors.add(hasText(text) ? embedded.get(next++) : new float[DIMENSIONS]);
            }
        }
        return vectors;
    }

    private static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }

    /** Cosine similarity of two unit vectors. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    private static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
