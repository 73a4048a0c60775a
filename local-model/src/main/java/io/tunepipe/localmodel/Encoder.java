package io.tunepipe.localmodel;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2.E5SmallV2EmbeddingModel;
import io.tunepipe.text.OnnxEmbeddingModels;
import io.tunepipe.text.SentenceEmbedder;

import java.util.List;
import java.util.function.Supplier;

/**
 * The sentence encoders (384 dimensions each, run offline from their Maven jars) a local model can be built on; a
 * saved model records its own. MiniLM is text-processing's {@link SentenceEmbedder}, shared with the services.
 */
public enum Encoder {

    MINILM("all-minilm-l6-v2", null, ""),
    BGE_SMALL("bge-small-en-v1.5", () -> OnnxEmbeddingModels.load(BgeSmallEnV15EmbeddingModel.class,
            "bge-small-en-v1.5", PoolingMode.CLS), ""),
    /** e5 was trained with a role prefix on every input; "query: " is its prefix for symmetric similarity. */
    E5_SMALL("e5-small-v2", () -> OnnxEmbeddingModels.load(E5SmallV2EmbeddingModel.class, "e5-small-v2",
            PoolingMode.MEAN), "query: ");

    /** The encoder new models are built on, chosen on dev data (QualityBench: Québec dev and CLINC150 val). */
    public static final Encoder DEFAULT = BGE_SMALL;
    private static final int CHUNK = 256;

    private final String id;
    private final Supplier<EmbeddingModel> loader;
    private final String prefix;
    private volatile EmbeddingModel model;

    Encoder(String id, Supplier<EmbeddingModel> loader, String prefix) {
        this.id = id;
        this.loader = loader;
        this.prefix = prefix;
    }

    /** The name stored with a model. */
    public String id() {
        return id;
    }

    public static Encoder byId(String id) {
        for (Encoder e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown encoder " + id);
    }

    /** Unit-length embeddings of the texts, in order; blank texts get the zero vector. */
    float[][] embed(List<String> texts) {
        if (loader == null) {
            return SentenceEmbedder.shared().embedAll(texts).toArray(new float[0][]);
        }
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += CHUNK) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + CHUNK));
            List<TextSegment> segments = chunk.stream().filter(t -> t != null && !t.isBlank())
                    .map(t -> TextSegment.from(prefix + t)).toList();
            List<Embedding> embedded = segments.isEmpty() ? List.of() : model().embedAll(segments).content();
            int next = 0;
            for (int i = 0; i < chunk.size(); i++) {
                boolean blank = chunk.get(i) == null || chunk.get(i).isBlank();
                out[from + i] = blank ? new float[Adapter.D] : Vectors.unit(embedded.get(next++).vector());
            }
        }
        return out;
    }

    /** Loads the encoder now (in the background at a service's start), so that the first text does not wait. */
    public void load() {
        if (loader == null) {
            SentenceEmbedder.shared();
        } else {
            model();
        }
    }

    private EmbeddingModel model() {
        if (model == null) {
            synchronized (this) {
                if (model == null) {
                    model = loader.get();
                }
            }
        }
        return model;
    }
}
