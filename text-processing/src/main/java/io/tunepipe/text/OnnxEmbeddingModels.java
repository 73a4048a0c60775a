package io.tunepipe.text;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Loads langchain4j's in-process ONNX embedding models from their Maven jars, each inference on one thread. The
 * models' own constructors give every inference a thread per core while {@code embedAll} already runs one text per
 * core, so on two cores four threads shared two: with one thread each, 600 short texts took 4.3 s instead of 5.3 s
 * (bge-small) and 1.9 s instead of 2.6 s (MiniLM), with 18-24% less CPU and bit-identical embeddings.
 */
public final class OnnxEmbeddingModels {

    private OnnxEmbeddingModels() {
    }

    /**
     * The model that {@code modelClass}'s jar holds as {@code name.onnx} with its {@code name-tokenizer.json}, pooled
     * as that class pools it.
     */
    public static EmbeddingModel load(Class<? extends EmbeddingModel> modelClass, String name, PoolingMode pooling) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (InputStream model = resource(modelClass, name + ".onnx");
             InputStream tokenizer = resource(modelClass, name + "-tokenizer.json")) {
            // kept open: the session lives as long as the JVM
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            OnnxBertBiEncoder encoder = new OnnxBertBiEncoder(environment, session, tokenizer, pooling);
            // null: langchain4j's own executor, one thread per core
            return new AbstractInProcessEmbeddingModel(null) {
                @Override
                protected OnnxBertBiEncoder model() {
                    return encoder;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding model " + name, e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the embedding model " + name, e);
        }
    }

    private static InputStream resource(Class<?> modelClass, String file) {
        InputStream in = modelClass.getResourceAsStream("/" + file);
        if (in == null) {
            throw new IllegalStateException(file + " is not in the jar of " + modelClass.getName());
        }
        return in;
    }
}
