package io.tunepipe.localmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tunepipe.text.SentenceEmbedder;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A local fine-tuned model: it answers a question with the trained answer whose prototype (the mean embedding of
 * its training questions and its own text) lies nearest after the adapter, or says it does not know when
 * nothing is near enough. This is retrieval of
 * trained answers, not text generation: it can only ever answer with an answer it was trained on. The base model
 * ({@link #base()}) has no adapter and no answers, so it never knows.
 */
public final class LocalModel {

    public static final String BASE_MODEL = "local-minilm";
    public static final String DONT_KNOW = "I don't know the answer to that.";
    static final double DEFAULT_THRESHOLD = 0.5;
    private static final int FORMAT_VERSION = 1;
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

    private record Stored(int formatVersion, Info info, List<String> answers, int[] entryAnswers, double threshold) {
    }

    private final String name;
    private final Adapter adapter;
    private final List<String> answers;
    private final float[][] entries;
    private final int[] entryAnswers;
    private final float[][] projected;
    private final double threshold;
    private final Info info;
    private final Set<String> answerSet;

    LocalModel(String name, Adapter adapter, List<String> answers, float[][] entries, int[] entryAnswers,
            double threshold, Info info) {
        this.name = name;
        this.adapter = adapter;
        this.answers = List.copyOf(answers);
        this.entries = entries;
        this.entryAnswers = entryAnswers;
        this.threshold = threshold;
        this.info = info;
        this.projected = new float[entries.length][];
        for (int i = 0; i < entries.length; i++) {
            projected[i] = adapter.project(entries[i]);
        }
        this.answerSet = new HashSet<>(answers);
    }

    /** The untuned base: no adapter, no answers. */
    public static LocalModel base() {
        return new LocalModel(BASE_MODEL, Adapter.identity(), List.of(), new float[0][], new int[0], 1.0,
                new Info(BASE_MODEL, BASE_MODEL, Instant.EPOCH, null, 0, 0, 0, 0, 1.0, List.of()));
    }

    public String name() {
        return name;
    }

    public Info info() {
        return info;
    }

    boolean knows(String answer) {
        return answerSet.contains(answer);
    }

    public Answer answer(String question) {
        return answerAll(List.of(question)).get(0);
    }

    public List<Answer> answerAll(List<String> questions) {
        List<Answer> out = new ArrayList<>(questions.size());
        if (entries.length == 0) {
            questions.forEach(q -> out.add(new Answer(DONT_KNOW, 0, false)));
            return out;
        }
        for (float[] embedding : SentenceEmbedder.shared().embedAll(questions)) {
            float[] z = adapter.project(embedding);
            double best = Double.NEGATIVE_INFINITY;
            int bestEntry = -1;
            for (int i = 0; i < projected.length; i++) {
                double s = AdapterTrainer.dot(z, projected[i]);
                if (s > best) {
                    best = s;
                    bestEntry = i;
                }
            }
            boolean known = best >= threshold;
            out.add(new Answer(known ? answers.get(entryAnswers[bestEntry]) : DONT_KNOW, best, known));
        }
        return out;
    }

    /** Writes the model to {@code dir} (replacing what was there): {@code model.json} and {@code weights.bin}. */
    public void save(Path dir) throws IOException {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".saving");
        Files.createDirectories(tmp);
        JSON.writeValue(tmp.resolve("model.json").toFile(),
                new Stored(FORMAT_VERSION, info, answers, entryAnswers, threshold));
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(tmp.resolve("weights.bin")), 1 << 16))) {
            out.writeInt(Adapter.D);
            out.writeInt(entries.length);
            for (float f : adapter.w) {
                out.writeFloat(f);
            }
            for (float[] e : entries) {
                for (float f : e) {
                    out.writeFloat(f);
                }
            }
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
                    + FORMAT_VERSION);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(dir.resolve("weights.bin")), 1 << 16))) {
            int d = in.readInt();
            int n = in.readInt();
            if (d != Adapter.D) {
                throw new IOException("weights of dimension " + d + ", expected " + Adapter.D);
            }
            float[] w = new float[d * d];
            for (int i = 0; i < w.length; i++) {
                w[i] = in.readFloat();
            }
            float[][] entries = new float[n][d];
            for (float[] e : entries) {
                for (int i = 0; i < d; i++) {
                    e[i] = in.readFloat();
                }
            }
            return new LocalModel(stored.info().name(), new Adapter(w), stored.answers(), entries,
                    stored.entryAnswers(), stored.threshold(), stored.info());
        }
    }
}
