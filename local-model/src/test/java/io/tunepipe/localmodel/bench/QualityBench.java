package io.tunepipe.localmodel.bench;

import io.tunepipe.localmodel.AdapterTrainer;
import io.tunepipe.localmodel.LocalModel;
import io.tunepipe.localmodel.TrainingPair;
import io.tunepipe.localmodel.TrainingSettings;
import io.tunepipe.testdata.TestData;
import io.tunepipe.text.SentenceEmbedder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quality benchmark of the local fine-tune on the Québec COVID-19 FAQ, by the standard protocol of
 * test-data's quebec-covid-faq/README.md: train on canonical questions (and collection2 rewordings), test on the
 * collection3 rewordings, report top-1 answer accuracy and token F1; (d), with offline augmentation, is
 * augment-service's {@code AugmentedQualityBench}, which reuses this protocol. Run:
 * {@code ./mvnw -q -pl local-model test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tunepipe.localmodel.bench.QualityBench [-Dexec.args="EPOCHS LR_MULTIPLIER"]}
 */
public final class QualityBench {

    /** The standard protocol's data: what is trained on, what calibrates, what is tested. */
    public record Protocol(List<TrainingPair> canonical, List<TrainingPair> collection2, List<TrainingPair> validation,
            List<TrainingPair> collection3) {

        /** Canonical questions and collection2 (one in ten kept for calibration) to train, collection3 to test. */
        public static Protocol load() throws Exception {
            Map<String, String> canonical = new java.util.LinkedHashMap<>();
            List<TrainingPair> c2 = rewordings(file("collection2_a1571487.csv"), canonical);
            List<TrainingPair> c3 = rewordings(file("collection3_a1571615.csv"), new HashMap<>());
            List<TrainingPair> validation = new ArrayList<>();
            List<TrainingPair> c2Train = new ArrayList<>();
            for (int i = 0; i < c2.size(); i++) {
                (i % 10 == 0 ? validation : c2Train).add(c2.get(i));
            }
            return new Protocol(canonical.entrySet().stream().map(e -> new TrainingPair(e.getKey(), e.getValue()))
                    .toList(), c2Train, validation, c3);
        }
    }

    public static void main(String[] args) throws Exception {
        Protocol data = Protocol.load();
        List<TrainingPair> canon = data.canonical();
        List<TrainingPair> c2Train = data.collection2();
        List<TrainingPair> validation = data.validation();
        List<TrainingPair> c3 = data.collection3();
        System.out.printf("train: %d canonical + %d collection2 rewordings (%d kept for calibration); test: %d"
                + " collection3 rewordings%n", canon.size(), c2Train.size(), validation.size(), c3.size());
        SentenceEmbedder embedder = SentenceEmbedder.shared();
        AdapterTrainer trainer = new AdapterTrainer(embedder);
        Integer epochs = args.length > 0 ? Integer.valueOf(args[0]) : null;
        Double multiplier = args.length > 1 ? Double.valueOf(args[1]) : null;
        TrainingSettings settings = TrainingSettings.auto(canon.size() + c2Train.size(), epochs, null, multiplier, 42);
        System.out.println("settings " + settings);

        nearestQuestion("(a)  nearest training question, canonical only, no training", embedder, canon, c3);
        nearestQuestion("(a') nearest training question, canonical + collection2, no training", embedder,
                concat(canon, c2Train), c3);
        report("(a+) this model's retrieval with no training, canonical only", trainer.untrained("a", canon), c3);
        report("(b)  fine-tuned on canonical only", trainer.train("b", canon, validation,
                TrainingSettings.auto(canon.size(), epochs, null, multiplier, 42), m -> { }, () -> false), c3);
        long t0 = System.nanoTime();
        LocalModel c = trainer.train("c", concat(canon, c2Train), validation, settings,
                m -> System.out.println("   " + m), () -> false);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        report("(c)  fine-tuned on canonical + collection2", c, c3);
        System.out.printf("training time of (c): %.1f s; threshold %.3f%n", trainSeconds, c.info().threshold());
        List<String> questions = c3.stream().map(TrainingPair::question).toList();
        t0 = System.nanoTime();
        c.answerAll(questions);
        System.out.printf("answers served: %.0f per second (embedding included)%n",
                questions.size() / ((System.nanoTime() - t0) / 1e9));
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
             CSVParser parser = CSVParser.builder().setReader(in)
                     .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            String crowd = parser.getHeaderNames().stream().filter(h -> h.startsWith("write_a_coherent"))
                    .filter(h -> !h.contains("gold")).findFirst().orElseThrow();
            for (CSVRecord r : parser) {
                String answer = r.get("answers").strip();
                canonical.put(r.get("questions").strip(), answer);
                for (String line : r.get(crowd).split("\\R")) {
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
        return TestData.file("quebec-covid-faq/" + name);
    }
}
