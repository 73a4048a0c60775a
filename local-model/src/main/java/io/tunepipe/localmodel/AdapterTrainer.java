package io.tunepipe.localmodel;

import io.tunepipe.text.SentenceEmbedder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Fine-tunes the local model: learns an adapter W on MiniLM embeddings with a contrastive loss (InfoNCE over all
 * answers) that pulls every training question towards the prototype of its answer (the answer text plus the mean
 * of that answer's other questions, near copies of the anchor left out) and away from every other answer's
 * prototype; cosines after W are compared at temperature {@value #TEMPERATURE}, and W is kept near the identity by
 * a small penalty so the general knowledge of the embeddings survives. Prototypes, rather than other questions,
 * are the targets because they give every answer one stable point and make a single wording per answer enough to
 * learn from. Then a "don't know" threshold is calibrated on the validation pairs. The model keeps, besides the
 * prototypes, every training question but near copies and the passages of every answer as keys (see
 * {@link LocalModel}). Retrieval of trained answers, not generation.
 */
public final class AdapterTrainer {

    static final double TEMPERATURE = 0.05;
    static final double IDENTITY_PULL = 1e-4;
    static final int PASSAGE_CHARS = 200;
    static final double NEAR_COPY = 0.9;
    /** Past this many questions of one answer, near copies are not looked for (it would cost their square). */
    static final int MAX_COMPARED_GROUP = 1000;
    private static final int D = Adapter.D;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;

    private final SentenceEmbedder embedder;

    public AdapterTrainer(SentenceEmbedder embedder) {
        this.embedder = embedder;
    }

    /** Trains on {@code train}, reports each epoch, calibrates on {@code validation}; stops if {@code cancelled}. */
    public LocalModel train(String modelName, List<TrainingPair> train, List<TrainingPair> validation,
            TrainingSettings settings, Consumer<EpochMetrics> onEpoch, BooleanSupplier cancelled) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        Map<String, Integer> answerIds = new LinkedHashMap<>();
        Map<String, Integer> questionIds = new LinkedHashMap<>();
        List<Integer> questionAnswer = new ArrayList<>();
        for (TrainingPair p : train) {
            int a = answerIds.computeIfAbsent(p.answer(), k -> answerIds.size());
            if (!questionIds.containsKey(p.question())) {
                questionIds.put(p.question(), questionIds.size());
                questionAnswer.add(a);
            }
        }
        List<String> answers = new ArrayList<>(answerIds.keySet());
        List<String> questions = new ArrayList<>(questionIds.keySet());
        float[][] q = embedder.embedAll(questions).toArray(new float[0][]);
        float[][] answerTexts = embedder.embedAll(answers).toArray(new float[0][]);
        int[] anchorAnswer = questionAnswer.stream().mapToInt(Integer::intValue).toArray();
        float[][] prototypes = prototypes(q, anchorAnswer, answerTexts);
        float[][] positives = positives(q, anchorAnswer, answerTexts);

        float[][] validQ = new float[0][];
        int[] validAnswer = new int[0];
        List<TrainingPair> knownValidation = validation.stream().filter(p -> answerIds.containsKey(p.answer())).toList();
        if (!knownValidation.isEmpty()) {
            validQ = embedder.embedAll(knownValidation.stream().map(TrainingPair::question).toList()).toArray(new float[0][]);
            validAnswer = knownValidation.stream().mapToInt(p -> answerIds.get(p.answer())).toArray();
        }

        Adapter adapter = Adapter.identity();
        float[] m = new float[D * D];
        float[] v = new float[D * D];
        double lr = TrainingSettings.BASE_LEARNING_RATE * settings.learningRateMultiplier();
        Random random = new Random(settings.seed());
        int[] order = new int[q.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        long step = 0;
        List<EpochMetrics> history = new ArrayList<>();
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            shuffle(order, random);
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < order.length; from += settings.batchSize()) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("training of " + modelName + " cancelled");
                }
                int[] batch = Arrays.copyOfRange(order, from, Math.min(order.length, from + settings.batchSize()));
                float[] grad = new float[D * D];
                double loss = batchGradient(adapter, q, anchorAnswer, positives, prototypes, batch, grad);
                step++;
                adam(adapter.w, grad, m, v, lr, step);
                lossSum += loss;
                batches++;
            }
            Evaluation trainEval = evaluate(adapter, q, anchorAnswer, prototypes);
            Evaluation validEval = validQ.length == 0 ? null : evaluate(adapter, validQ, validAnswer, prototypes);
            EpochMetrics metrics = new EpochMetrics(epoch, step, batches == 0 ? trainEval.loss : lossSum / batches,
                    trainEval.accuracy, validEval == null ? null : validEval.loss,
                    validEval == null ? null : validEval.accuracy);
            history.add(metrics);
            onEpoch.accept(metrics);
        }

        Keys keys = keys(q, anchorAnswer, answers, answerTexts);
        LocalModel uncalibrated = new LocalModel(modelName, adapter, answers, prototypes, keys.vectors(),
                keys.answers(), -1, null);
        double threshold = calibrate(uncalibrated, validation);
        long trainedTokens = (long) settings.epochs() * train.stream()
                .mapToLong(p -> words(p.question()) + words(p.answer())).sum();
        LocalModel.Info info = new LocalModel.Info(modelName, LocalModel.BASE_MODEL, Instant.now(), settings,
                train.size(), validation.size(), answers.size(), trainedTokens, threshold, history);
        return new LocalModel(modelName, adapter, answers, prototypes, keys.vectors(), keys.answers(), threshold,
                info);
    }

    /**
     * A model with no adapter that answers by plain embedding similarity over the pairs: the untuned baseline a
     * fine-tune is measured against.
     */
    public LocalModel untrained(String modelName, List<TrainingPair> pairs) {
        Map<String, Integer> answerIds = new LinkedHashMap<>();
        Map<String, Integer> questionIds = new LinkedHashMap<>();
        List<Integer> questionAnswer = new ArrayList<>();
        for (TrainingPair p : pairs) {
            int a = answerIds.computeIfAbsent(p.answer(), k -> answerIds.size());
            if (questionIds.putIfAbsent(p.question(), questionIds.size()) == null) {
                questionAnswer.add(a);
            }
        }
        List<String> answers = new ArrayList<>(answerIds.keySet());
        float[][] q = embedder.embedAll(new ArrayList<>(questionIds.keySet())).toArray(new float[0][]);
        float[][] answerTexts = embedder.embedAll(answers).toArray(new float[0][]);
        int[] answerOf = questionAnswer.stream().mapToInt(Integer::intValue).toArray();
        float[][] prototypes = prototypes(q, answerOf, answerTexts);
        Keys keys = keys(q, answerOf, answers, answerTexts);
        return new LocalModel(modelName, Adapter.identity(), answers, prototypes, keys.vectors(), keys.answers(), -1,
                null);
    }

    /** Embeddings a question is matched against, each with the answer it stands for. */
    private record Keys(float[][] vectors, int[] answers) {
    }

    /**
     * Every training question but near copies of one kept before it (they add no wording to match, only noise),
     * every answer's text, and each passage of an answer that has several.
     */
    private Keys keys(float[][] q, int[] answerOf, List<String> answers, float[][] answerTexts) {
        List<String> passages = new ArrayList<>();
        List<Integer> passageAnswer = new ArrayList<>();
        for (int a = 0; a < answers.size(); a++) {
            List<String> split = passages(answers.get(a));
            if (split.size() > 1) {
                passages.addAll(split);
                passageAnswer.addAll(Collections.nCopies(split.size(), a));
            }
        }
        float[][] passageVectors = embedder.embedAll(passages).toArray(new float[0][]);
        List<Integer> questionKeys = new ArrayList<>();
        List<List<Integer>> keptByAnswer = new ArrayList<>(answers.size());
        for (int a = 0; a < answers.size(); a++) {
            keptByAnswer.add(new ArrayList<>());
        }
        for (int i = 0; i < q.length; i++) {
            List<Integer> kept = keptByAnswer.get(answerOf[i]);
            if (kept.size() >= MAX_COMPARED_GROUP || !nearCopyOfOne(q, kept, i)) {
                kept.add(i);
                questionKeys.add(i);
            }
        }
        int n = questionKeys.size() + answerTexts.length + passageVectors.length;
        float[][] vectors = new float[n][];
        int[] keyAnswers = new int[n];
        int k = 0;
        for (int i : questionKeys) {
            vectors[k] = q[i];
            keyAnswers[k++] = answerOf[i];
        }
        for (int a = 0; a < answerTexts.length; a++, k++) {
            vectors[k] = answerTexts[a];
            keyAnswers[k] = a;
        }
        for (int i = 0; i < passageVectors.length; i++, k++) {
            vectors[k] = passageVectors[i];
            keyAnswers[k] = passageAnswer.get(i);
        }
        return new Keys(vectors, keyAnswers);
    }

    /** Whether question {@code i} is a near copy of one of the questions {@code others}. */
    private static boolean nearCopyOfOne(float[][] q, List<Integer> others, int i) {
        for (int j : others) {
            if (dot(q[i], q[j]) >= NEAR_COPY) {
                return true;
            }
        }
        return false;
    }

    /** An answer cut at sentence ends into passages of at least {@value #PASSAGE_CHARS} characters. */
    static List<String> passages(String answer) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String sentence : answer.split("(?<=[.!?:])\\s+|\\R+")) {
            if (sentence.isBlank()) {
                continue;
            }
            current.append(current.isEmpty() ? "" : " ").append(sentence.strip());
            if (current.length() >= PASSAGE_CHARS) {
                out.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString());
        }
        return out;
    }

    /** The threshold that maximises accuracy on validation, where a "don't know" is right for unknown answers. */
    static double calibrate(LocalModel model, List<TrainingPair> validation) {
        if (validation.isEmpty()) {
            return LocalModel.DEFAULT_THRESHOLD;
        }
        List<LocalModel.Answer> predicted = model.answerAll(validation.stream().map(TrainingPair::question).toList());
        double[] candidates = predicted.stream().mapToDouble(LocalModel.Answer::similarity).sorted().toArray();
        double best = -1;
        int bestRight = -1;
        for (int c = -1; c < candidates.length; c++) {
            double t = c < 0 ? -1 : candidates[c];
            int right = 0;
            for (int i = 0; i < validation.size(); i++) {
                LocalModel.Answer a = predicted.get(i);
                boolean known = model.knows(validation.get(i).answer());
                right += a.similarity() >= t ? (a.text().equals(validation.get(i).answer()) ? 1 : 0) : (known ? 0 : 1);
            }
            if (right > bestRight) {
                bestRight = right;
                best = t;
            }
        }
        return best;
    }

    /**
     * Per answer, its prototype: its text's embedding and the mean of its questions' embeddings, weighed equally so
     * that many wordings of a question (paraphrases) do not drown the answer's own text.
     */
    private static float[][] prototypes(float[][] q, int[] answerOf, float[][] answerTexts) {
        List<List<Integer>> byAnswer = byAnswer(answerOf, answerTexts.length);
        float[][] p = new float[answerTexts.length][];
        for (int a = 0; a < p.length; a++) {
            p[a] = unit(balanced(answerTexts[a], q, byAnswer.get(a)));
        }
        return p;
    }

    /**
     * Per training question, the target it is pulled towards: its answer's prototype built without the question
     * and its near copies (cosine at least {@value #NEAR_COPY}, such as its paraphrases), which otherwise would only
     * teach it to find itself.
     */
    private static float[][] positives(float[][] q, int[] answerOf, float[][] answerTexts) {
        List<List<Integer>> byAnswer = byAnswer(answerOf, answerTexts.length);
        float[][] out = new float[q.length][];
        for (int i = 0; i < q.length; i++) {
            List<Integer> group = byAnswer.get(answerOf[i]);
            List<Integer> others = new ArrayList<>();
            for (int j : group) {
                if (j != i && (group.size() > MAX_COMPARED_GROUP || dot(q[i], q[j]) < NEAR_COPY)) {
                    others.add(j);
                }
            }
            out[i] = unit(balanced(answerTexts[answerOf[i]], q, others));
        }
        return out;
    }

    /** The answer text's embedding plus the mean of the given questions' embeddings (none: the text alone). */
    private static float[] balanced(float[] answerText, float[][] q, List<Integer> questions) {
        float[] v = answerText.clone();
        for (int j : questions) {
            for (int d = 0; d < D; d++) {
                v[d] += q[j][d] / questions.size();
            }
        }
        return v;
    }

    private static List<List<Integer>> byAnswer(int[] answerOf, int answers) {
        List<List<Integer>> out = new ArrayList<>(answers);
        for (int a = 0; a < answers; a++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < answerOf.length; i++) {
            out.get(answerOf[i]).add(i);
        }
        return out;
    }

    /**
     * Mean InfoNCE loss of the batch against every answer's prototype, an anchor's own answer standing as its
     * positive (see {@link #positives}); adds dLoss/dW to {@code grad}.
     */
    private static double batchGradient(Adapter adapter, float[][] q, int[] answerOf, float[][] positives,
            float[][] prototypes, int[] batch, float[] grad) {
        int b = batch.length;
        int k = prototypes.length;
        float[][] up = new float[k][];
        float[][] zp = new float[k][];
        for (int j = 0; j < k; j++) {
            up[j] = adapter.apply(prototypes[j]);
            zp[j] = unit(up[j]);
        }
        float[][] dzp = new float[k][D];
        double loss = 0;
        for (int i = 0; i < b; i++) {
            float[] x = q[batch[i]];
            int own = answerOf[batch[i]];
            float[] positive = positives[batch[i]];
            float[] ua = adapter.apply(x);
            float[] za = unit(ua);
            float[] uPos = adapter.apply(positive);
            float[] zPos = unit(uPos);
            double[] logits = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                logits[j] = dot(za, j == own ? zPos : zp[j]) / TEMPERATURE;
                max = Math.max(max, logits[j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                logits[j] = Math.exp(logits[j] - max);
                sum += logits[j];
            }
            loss += -Math.log(logits[own] / sum);
            float[] dza = new float[D];
            float[] dzPos = new float[D];
            for (int j = 0; j < k; j++) {
                double g = (logits[j] / sum - (j == own ? 1 : 0)) / (b * TEMPERATURE);
                float[] target = j == own ? zPos : zp[j];
                float[] dTarget = j == own ? dzPos : dzp[j];
                for (int d = 0; d < D; d++) {
                    dza[d] += (float) (g * target[d]);
                    dTarget[d] += (float) (g * za[d]);
                }
            }
            accumulate(grad, throughNormalisation(ua, za, dza), x);
            accumulate(grad, throughNormalisation(uPos, zPos, dzPos), positive);
        }
        for (int j = 0; j < k; j++) {
            accumulate(grad, throughNormalisation(up[j], zp[j], dzp[j]), prototypes[j]);
        }
        for (int r = 0; r < D; r++) {
            for (int c = 0; c < D; c++) {
                grad[r * D + c] += (float) (2 * IDENTITY_PULL * (adapter.w[r * D + c] - (r == c ? 1 : 0)));
            }
        }
        return loss / b;
    }

    /** Gradient with respect to u of z = u / |u|, given the gradient with respect to z. */
    private static float[] throughNormalisation(float[] u, float[] z, float[] dz) {
        double norm = Math.sqrt(dot(u, u));
        double proj = dot(z, dz);
        float[] du = new float[D];
        for (int d = 0; d < D; d++) {
            du[d] = (float) ((dz[d] - z[d] * proj) / norm);
        }
        return du;
    }

    /** grad += du x^T (u = W x). */
    private static void accumulate(float[] grad, float[] du, float[] x) {
        for (int r = 0; r < D; r++) {
            float g = du[r];
            if (g == 0) {
                continue;
            }
            int row = r * D;
            for (int c = 0; c < D; c++) {
                grad[row + c] += g * x[c];
            }
        }
    }

    private static void adam(float[] w, float[] grad, float[] m, float[] v, double lr, long t) {
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < w.length; i++) {
            m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * grad[i]);
            v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * grad[i] * grad[i]);
            w[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
        }
    }

    /** Loss and top-1 accuracy of questions against all answer prototypes. */
    private record Evaluation(double loss, double accuracy) {
    }

    private static Evaluation evaluate(Adapter adapter, float[][] questions, int[] answerOf, float[][] prototypes) {
        float[][] zp = new float[prototypes.length][];
        for (int j = 0; j < prototypes.length; j++) {
            zp[j] = adapter.project(prototypes[j]);
        }
        double loss = 0;
        int right = 0;
        for (int i = 0; i < questions.length; i++) {
            float[] z = adapter.project(questions[i]);
            double max = Double.NEGATIVE_INFINITY;
            int best = -1;
            double[] logits = new double[zp.length];
            for (int j = 0; j < zp.length; j++) {
                logits[j] = dot(z, zp[j]) / TEMPERATURE;
                if (logits[j] > max) {
                    max = logits[j];
                    best = j;
                }
            }
            double sum = 0;
            for (double l : logits) {
                sum += Math.exp(l - max);
            }
            loss += -(logits[answerOf[i]] - max - Math.log(sum));
            right += best == answerOf[i] ? 1 : 0;
        }
        return new Evaluation(loss / questions.length, (double) right / questions.length);
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static float[] unit(float[] u) {
        float[] z = u.clone();
        normalize(z);
        return z;
    }

    private static void normalize(float[] x) {
        double n = Math.sqrt(dot(x, x));
        if (n > 0) {
            for (int i = 0; i < x.length; i++) {
                x[i] /= n;
            }
        }
    }

    private static long words(String text) {
        return text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }
}
