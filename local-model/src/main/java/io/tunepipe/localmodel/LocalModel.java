package io.tunepipe.localmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A local fine-tuned model on the embeddings of one {@link Encoder} (recorded when saved): it answers a question with
 * the trained answer that scores highest after the adapter, or says it does not know when nothing scores high
 * enough. An answer's score is the mean of two cosines: to its
 * prototype (its own text plus the mean embedding of its training questions) and to the nearest of its keys (each
 * training question, the answer text and each passage of it), so that both the answer's centre and its nearest
 * wording count. This is retrieval of trained answers, not text generation: it can only ever answer with an answer
 * it was trained on. The base model ({@link #base()}) has no adapter and no answers, so it never knows.
 */
public final class LocalModel {

    public static final String BASE_MODEL = "local-minilm";
    public static final String DONT_KNOW = "I don't know the answer to that.";
    static final double DEFAULT_THRESHOLD = 0.5;
    private static final int FORMAT_VERSION = 2;
    /** The weight of the prototype cosine in an answer's score; the nearest key has the rest. */
    static final double PROTOTYPE_WEIGHT = 0.5;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** What a model is and how it was made; stored beside its weights. */
    public record Info(String name, String baseModel, Instant createdAt, TrainingSettings settings,
            int trainingExamples, int validationExamples, int answers, long trainedTokens, double threshold,
            List<EpochMetrics> epochs) {
    }

    /** An answer with the similarity of the nearest trained question, and whether that cleared the threshold. */
    public record Answer(String text, double similarity, boolean known) {
    }

    /** {@code encoder} is null in models saved before there was a choice: they are MiniLM's. */
    private record Stored(int formatVersion, Info info, List<String> answers, int[] keyAnswers, double threshold,
            String encoder) {
    }

    private final String name;
    private final Encoder encoder;
    private final Adapter adapter;
    private final List<String> answers;
    private final float[][] prototypes;
    private final float[][] keys;
    private final int[] keyAnswers;
    private final float[][] projectedPrototypes;
    private final float[][] projectedKeys;
    private final double threshold;
    private final Info info;

    /** {@code prototypes} has one row per answer; {@code keyAnswers[k]} is the answer of {@code keys[k]}. */
    LocalModel(String name, Encoder encoder, Adapter adapter, List<String> answers, float[][] prototypes,
            float[][] keys, int[] keyAnswers, double threshold, Info info) {
        this.name = name;
        this.encoder = encoder;
        this.adapter = adapter;
        this.answers = List.copyOf(answers);
        this.prototypes = prototypes;
        this.keys = keys;
        this.keyAnswers = keyAnswers;
        this.threshold = threshold;
        this.info = info;
        this.projectedPrototypes = project(adapter, prototypes);
        this.projectedKeys = project(adapter, keys);
    }

    private static float[][] project(Adapter adapter, float[][] vectors) {
        float[][] projected = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            projected[i] = adapter.project(vectors[i]);
        }
        return projected;
    }

    /** The untuned base: no adapter, no answers. */
    public static LocalModel base() {
        return new LocalModel(BASE_MODEL, Encoder.MINILM, Adapter.identity(), List.of(), new float[0][],
                new float[0][], new int[0], 1.0,
                new Info(BASE_MODEL, BASE_MODEL, Instant.EPOCH, null, 0, 0, 0, 0, 1.0, List.of()));
    }

    public String name() {
        return name;
    }

    public Info info() {
        return info;
    }

    public Answer answer(String question) {
        return answerAll(List.of(question)).get(0);
    }

    public List<Answer> answerAll(List<String> questions) {
        return answerEmbedded(encoder.embed(questions));
    }

    /** The answers to questions given as their embeddings by this model's encoder. */
    List<Answer> answerEmbedded(float[][] questions) {
        List<Answer> out = new ArrayList<>(questions.length);
        if (answers.isEmpty()) {
            for (int i = 0; i < questions.length; i++) {
                out.add(new Answer(DONT_KNOW, 0, false));
            }
            return out;
        }
        double[] nearestKey = new double[answers.size()];
        for (float[] embedding : questions) {
            float[] z = adapter.project(embedding);
            Arrays.fill(nearestKey, Double.NEGATIVE_INFINITY);
            for (int k = 0; k < projectedKeys.length; k++) {
                nearestKey[keyAnswers[k]] = Math.max(nearestKey[keyAnswers[k]], Vectors.dot(z, projectedKeys[k]));
            }
            double best = Double.NEGATIVE_INFINITY;
            int bestAnswer = -1;
            for (int a = 0; a < projectedPrototypes.length; a++) {
                double prototype = Vectors.dot(z, projectedPrototypes[a]);
                double key = nearestKey[a] == Double.NEGATIVE_INFINITY ? prototype : nearestKey[a];
                double score = PROTOTYPE_WEIGHT * prototype + (1 - PROTOTYPE_WEIGHT) * key;
                if (score > best) {
                    best = score;
                    bestAnswer = a;
                }
            }
            boolean known = best >= threshold;
            out.add(new Answer(known ? answers.get(bestAnswer) : DONT_KNOW, best, known));
        }
        return out;
    }

    /** Writes the model to {@code dir} (replacing what was there): {@code model.json} and {@code weights.bin}. */
    public void save(Path dir) throws IOException {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".saving");
        Files.createDirectories(tmp);
        JSON.writeValue(tmp.resolve("model.json").toFile(),
                new Stored(FORMAT_VERSION, info, answers, keyAnswers, threshold, encoder.id()));
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(tmp.resolve("weights.bin")), 1 << 16))) {
            out.writeInt(Adapter.D);
            out.writeInt(prototypes.length);
            out.writeInt(keys.length);
            for (float f : adapter.w) {
                out.writeFloat(f);
            }
            write(out, prototypes);
            write(out, keys);
        }
        if (Files.exists(dir)) {
            try (var old = Files.list(dir)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    public static LocalModel load(Path dir) throws IOException {
        Stored stored = JSON.readValue(dir.resolve("model.json").toFile(), Stored.class);
        if (stored.formatVersion() != FORMAT_VERSION) {
            throw new IOException(dir + " holds model format " + stored.formatVersion() + "; this build reads "
                    + FORMAT_VERSION + ": train the model again");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(dir.resolve("weights.bin")), 1 << 16))) {
            int d = in.readInt();
            int prototypes = in.readInt();
            int keys = in.readInt();
            if (d != Adapter.D) {
                throw new IOException("weights of dimension " + d + ", expected " + Adapter.D);
            }
            float[] w = new float[d * d];
            for (int i = 0; i < w.length; i++) {
                w[i] = in.readFloat();
            }
            Encoder encoder = stored.encoder() == null ? Encoder.MINILM : Encoder.byId(stored.encoder());
            return new LocalModel(stored.info().name(), encoder, new Adapter(w), stored.answers(),
                    read(in, prototypes), read(in, keys), stored.keyAnswers(), stored.threshold(), stored.info());
        }
    }

    private static void write(DataOutputStream out, float[][] vectors) throws IOException {
        for (float[] v : vectors) {
            for (float f : v) {
                out.writeFloat(f);
            }
        }
    }

    private static float[][] read(DataInputStream in, int count) throws IOException {
        float[][] vectors = new float[count][Adapter.D];
        for (float[] v : vectors) {
            for (int i = 0; i < v.length; i++) {
                v[i] = in.readFloat();
            }
        }
        return vectors;
    }
}
