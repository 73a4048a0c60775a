package io.tunepipe.localmodel;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Fits an adapter to a {@link ContrastiveLoss} with Adam over shuffled mini-batches, epoch by epoch. */
final class AdapterFit {

    private static final int D = Adapter.D;
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;

    /** Validation questions as embeddings with their answers' ids; both empty when there are none. */
    record Monitor(float[][] questions, int[] answerOf) {
    }

    private final ContrastiveLoss loss;
    private final TrainingSettings settings;

    AdapterFit(ContrastiveLoss loss, TrainingSettings settings) {
        this.loss = loss;
        this.settings = settings;
    }

    /** The fitted adapter and the metrics of each epoch; throws {@link CancellationException} if cancelled. */
    Adapter run(String modelName, Monitor validation, List<EpochMetrics> history, Consumer<EpochMetrics> onEpoch,
            BooleanSupplier cancelled) {
        Adapter adapter = Adapter.identity();
        float[] m = new float[D * D];
        float[] v = new float[D * D];
        double lr = TrainingSettings.BASE_LEARNING_RATE * settings.learningRateMultiplier();
        Random random = new Random(settings.seed());
        int[] order = new int[loss.examples()];
        Arrays.setAll(order, i -> i);
        long step = 0;
        AnswerIndex index = loss.index();
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
                lossSum += loss.batchGradient(adapter, batch, grad);
                adam(adapter.w, grad, m, v, lr, ++step);
                batches++;
            }
            ContrastiveLoss.Evaluation train = loss.evaluate(adapter, index.questions, index.answerOf);
            ContrastiveLoss.Evaluation valid = validation.questions().length == 0 ? null
                    : loss.evaluate(adapter, validation.questions(), validation.answerOf());
            EpochMetrics metrics = new EpochMetrics(epoch, step, batches == 0 ? train.loss() : lossSum / batches,
                    train.accuracy(), valid == null ? null : valid.loss(), valid == null ? null : valid.accuracy());
            history.add(metrics);
            onEpoch.accept(metrics);
        }
        return adapter;
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

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
