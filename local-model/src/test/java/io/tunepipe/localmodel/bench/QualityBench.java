package io.tunepipe.localmodel.bench;

import io.tunepipe.localmodel.AdapterTrainer;
import io.tunepipe.localmodel.Encoder;
import io.tunepipe.localmodel.LocalModel;
import io.tunepipe.localmodel.TrainingPair;
import io.tunepipe.localmodel.TrainingSettings;
import io.tunepipe.testdata.TestData;
import io.tunepipe.text.SentenceEmbedder;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quality benchmark of the local model along the product's own path: training data uploaded with no validation
 * split (so the model carves its own calibration questions), the retrieval baseline and the fine-tune made by
 * {@link AdapterTrainer} exactly as training-service makes them, and for each: exact-match accuracy and refusals on
 * in-scope questions, refusals of out-of-scope questions, and the exact McNemar p of fine-tune against baseline.
 * Québec COVID-19 FAQ by the standard protocol of test-data's quebec-covid-faq/README.md (train canonical +
 * collection2, test collection3); CLINC150 as a second domain ({@link ClincDomain}). {@code dev} (the default)
 * holds out every {@value #DEV_EVERY}th collection2 rewording as the Québec dev set and runs CLINC on its dev data;
 * {@code test} reads collection3, to be run once, after every choice was made on dev. Build the classpath with
 * {@code ./mvnw -q -o -pl local-model test-compile dependency:build-classpath -Dmdep.includeScope=test
 * -Dmdep.outputFile=cp.txt}, then run
 * {@code java -cp local-model/target/test-classes:local-model/target/classes:$(cat cp.txt)
 * io.tunepipe.localmodel.bench.QualityBench [dev|test [ENCODER [auto|EPOCHS:LR_MULTIPLIER ...]]]}.
 */
public final class QualityBench {

    static final int DEV_EVERY = 4;
    private static final long SEED = 42;

    /**
     * Québec data: what is trained on (canonical questions and collection2 rewordings), the validation split a user
     * would upload (none: the product carves its own), and what is tested ({@code collection3}, or the dev
     * rewordings of {@link #dev()}).
     */
    public record Protocol(List<TrainingPair> canonical, List<TrainingPair> collection2, List<TrainingPair> validation,
            List<TrainingPair> collection3) {

        /** The standard protocol: canonical questions and all of collection2 to train, collection3 to test. */
        public static Protocol load() throws Exception {
            Map<String, String> canonical = new LinkedHashMap<>();
            List<TrainingPair> c2 = rewordings(file(TestData.QUEBEC_COLLECTION2), canonical);
            List<TrainingPair> c3 = rewordings(file(TestData.QUEBEC_COLLECTION3), new HashMap<>());
            return new Protocol(canonical.entrySet().stream().map(e -> new TrainingPair(e.getKey(), e.getValue()))
                    .toList(), c2, List.of(), c3);
        }

        /** For choices: every {@value #DEV_EVERY}th collection2 rewording is tested on, the others trained on. */
        public Protocol dev() {
            List<TrainingPair> c2Train = new ArrayList<>();
            List<TrainingPair> dev = new ArrayList<>();
            for (int i = 0; i < collection2.size(); i++) {
                (i % DEV_EVERY == 0 ? dev : c2Train).add(collection2.get(i));
            }
            return new Protocol(canonical, c2Train, List.of(), dev);
        }

        public Domain domain(String name) {
            return new Domain(name, concat(canonical, collection2), collection3, List.of());
        }
    }

    public static void main(String[] args) throws Exception {
        boolean test = args.length > 0 && args[0].equals("test");
        Protocol quebec = Protocol.load();
        List<Domain> domains = test ? List.of(quebec.domain("Québec TEST (collection3)"))
                : List.of(quebec.dev().domain("Québec dev (1/" + DEV_EVERY + " of collection2)"),
                        ClincDomain.dev(SEED));
        Encoder encoder = args.length > 1 ? Encoder.valueOf(args[1]) : Encoder.DEFAULT;
        List<String> variants = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("auto");
        System.out.println("encoder " + encoder.id());
        for (Domain domain : domains) {
            compare(new AdapterTrainer(encoder), domain, variants);
        }
    }

    /**
     * Builds the baseline and the fine-tunes of one domain as the product does, and prints their figures; a
     * variant is {@code auto} (the product's settings) or {@code EPOCHS:LR_MULTIPLIER}.
     */
    public static void compare(AdapterTrainer trainer, Domain domain, List<String> variants) {
        System.out.printf(Locale.ROOT, "%n== %s: train %d pairs, %d in-scope and %d out-of-scope questions%n",
                domain.name(), domain.train().size(), domain.inScope().size(), domain.outOfScope().size());
        nearestQuestion("nearest training question (MiniLM, reference)", SentenceEmbedder.shared(), domain.train(),
                domain.inScope());
        Scores base = Scores.of(trainer.retrievalBaseline("base+retrieval", domain.train(), List.of(), SEED), domain);
        base.print("base + retrieval (identity adapter)");
        for (String variant : variants) {
            String[] v = variant.split(":");
            TrainingSettings settings = TrainingSettings.auto(domain.train().size(),
                    v.length == 2 ? Integer.valueOf(v[0]) : null, null, v.length == 2 ? Double.valueOf(v[1]) : null,
                    SEED);
            long t0 = System.nanoTime();
            LocalModel tuned = trainer.train("fine-tuned", domain.train(), List.of(), settings, m -> { },
                    () -> false);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Scores fine = Scores.of(tuned, domain);
            fine.print("fine-tuned " + settings.epochs() + " epochs, batch " + settings.batchSize() + ", lr x"
                    + settings.learningRateMultiplier());
            int onlyTuned = 0;
            int onlyBase = 0;
            for (int i = 0; i < base.right().length; i++) {
                onlyTuned += fine.right()[i] && !base.right()[i] ? 1 : 0;
                onlyBase += base.right()[i] && !fine.right()[i] ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "  vs baseline: %+.1f points, %d flips to right, %d to wrong, exact"
                    + " McNemar p = %.4f; training %.1f s%n", 100.0 * (onlyTuned - onlyBase) / base.right().length,
                    onlyTuned, onlyBase, McNemar.exactP(onlyTuned, onlyBase), seconds);
        }
    }

    /** Per in-scope question whether it was answered right, in-scope refusals, out-of-scope refusals. */
    record Scores(boolean[] right, int inScopeRefused, int outOfScopeRefused, int outOfScope, double threshold) {

        static Scores of(LocalModel model, Domain domain) {
            List<LocalModel.Answer> in = model.answerAll(domain.inScope().stream().map(TrainingPair::question)
                    .toList());
            boolean[] right = new boolean[in.size()];
            int refused = 0;
            for (int i = 0; i < right.length; i++) {
                right[i] = in.get(i).known() && in.get(i).text().equals(domain.inScope().get(i).answer());
                refused += in.get(i).known() ? 0 : 1;
            }
            int outRefused = (int) model.answerAll(domain.outOfScope()).stream().filter(a -> !a.known()).count();
            return new Scores(right, refused, outRefused, domain.outOfScope().size(), model.info().threshold());
        }

        void print(String name) {
            int n = right.length;
            int r = 0;
            for (boolean b : right) {
                r += b ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "%-58s exact match %5.1f%%  in-scope refused %4.1f%%  out-of-scope"
                    + " refused %s  threshold %.3f%n", name, 100.0 * r / n, 100.0 * inScopeRefused / n,
                    outOfScope == 0 ? "  -  " : String.format(Locale.ROOT, "%5.1f%%", 100.0 * outOfScopeRefused
                            / outOfScope), threshold);
        }
    }

    /** The plain baseline: the answer of the training question whose embedding is nearest. */
    public static void nearestQuestion(String name, SentenceEmbedder embedder, List<TrainingPair> train,
            List<TrainingPair> test) {
        List<float[]> keys = embedder.embedAll(train.stream().map(TrainingPair::question).toList());
        List<float[]> questions = embedder.embedAll(test.stream().map(TrainingPair::question).toList());
        int right = 0;
        double f1 = 0;
        for (int i = 0; i < test.size(); i++) {
            int best = 0;
            double bestSimilarity = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < keys.size(); k++) {
                double similarity = dot(questions.get(i), keys.get(k));
                if (similarity > bestSimilarity) {
                    bestSimilarity = similarity;
                    best = k;
                }
            }
            String answer = train.get(best).answer();
            right += answer.equals(test.get(i).answer()) ? 1 : 0;
            f1 += f1(answer, test.get(i).answer());
        }
        System.out.printf(Locale.ROOT, "%-62s accuracy %5.1f%%  token F1 %5.1f%%%n", name, 100.0 * right / test.size(),
                100 * f1 / test.size());
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Prints top-1 answer accuracy, token F1 and the share of "don't know" of a model on the test pairs. */
    public static void report(String name, LocalModel model, List<TrainingPair> test) {
        List<LocalModel.Answer> answers = model.answerAll(test.stream().map(TrainingPair::question).toList());
        int right = 0;
        int dontKnow = 0;
        double f1 = 0;
        for (int i = 0; i < test.size(); i++) {
            LocalModel.Answer a = answers.get(i);
            right += a.known() && a.text().equals(test.get(i).answer()) ? 1 : 0;
            dontKnow += a.known() ? 0 : 1;
            f1 += f1(a.text(), test.get(i).answer());
        }
        System.out.printf(Locale.ROOT, "%-62s accuracy %5.1f%%  token F1 %5.1f%%  don't know %4.1f%%%n", name,
                100.0 * right / test.size(), 100 * f1 / test.size(), 100.0 * dontKnow / test.size());
    }

    /** SQuAD token F1 (lowercase, no punctuation or English articles). */
    static double f1(String prediction, String reference) {
        List<String> p = tokens(prediction);
        List<String> r = tokens(reference);
        if (p.isEmpty() || r.isEmpty()) {
            return p.equals(r) ? 1 : 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        r.forEach(t -> counts.merge(t, 1, Integer::sum));
        int common = 0;
        for (String t : p) {
            if (counts.getOrDefault(t, 0) > 0) {
                counts.merge(t, -1, Integer::sum);
                common++;
            }
        }
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / p.size();
        double recall = (double) common / r.size();
        return 2 * precision * recall / (precision + recall);
    }

    private static List<String> tokens(String s) {
        String n = s.toLowerCase(Locale.ROOT).replaceAll("\\p{P}", "").replaceAll("\\b(a|an|the)\\b", " ").trim();
        return n.isEmpty() ? List.of() : Arrays.asList(n.split("\\s+"));
    }

    private static List<TrainingPair> rewordings(Path csv, Map<String, String> canonical) throws Exception {
        List<TrainingPair> pairs = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv);
             CsvReader<NamedCsvRecord> parser = CsvReader.builder().ofNamedCsvRecord(in)) {
            String crowd = null;
            for (NamedCsvRecord r : parser) {
                if (crowd == null) {
                    crowd = r.getHeader().stream().filter(h -> h.startsWith("write_a_coherent"))
                            .filter(h -> !h.contains("gold")).findFirst().orElseThrow();
                }
                String answer = r.getField("answers").strip();
                canonical.put(r.getField("questions").strip(), answer);
                for (String line : r.getField(crowd).split("\\R")) {
                    if (!line.isBlank()) {
                        pairs.add(new TrainingPair(line.strip().replace('\u00A0', ' '), answer));
                    }
                }
            }
        }
        return pairs;
    }

    public static List<TrainingPair> concat(List<TrainingPair> a, List<TrainingPair> b) {
        List<TrainingPair> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Path file(String name) {
        return TestData.file(name);
    }
}
