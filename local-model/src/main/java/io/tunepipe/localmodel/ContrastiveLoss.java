package io.tunepipe.localmodel;

/**
 * InfoNCE over all answers: pulls every training question towards the prototype of its answer and away from every
 * other answer's prototype, cosines after the adapter compared at temperature {@value #TEMPERATURE}; a small penalty
 * keeps the adapter near the identity so the general knowledge of the embeddings survives. Prototypes, rather than
 * other questions, are the targets because they give every answer one stable point and make a single wording per
 * answer enough to learn from.
 */
final class ContrastiveLoss {

    static final double TEMPERATURE = 0.05;
    static final double IDENTITY_PULL = 1e-4;
    private static final int D = Adapter.D;

    /** Loss and top-1 accuracy of questions against all answer prototypes. */
    record Evaluation(double loss, double accuracy) {
    }

    private final AnswerIndex index;
    private final float[][] prototypes;
    private final float[][] positives;

    ContrastiveLoss(AnswerIndex index) {
        this.index = index;
        this.prototypes = index.prototypes();
        this.positives = index.positives();
    }

    int examples() {
        return index.questions.length;
    }

    AnswerIndex index() {
        return index;
    }

    /**
     * Mean loss of the batch (indices of training questions), an anchor's own answer standing as its positive
     * (see {@link AnswerIndex#positives}); adds dLoss/dW to {@code grad}.
     */
    double batchGradient(Adapter adapter, int[] batch, float[] grad) {
        int k = prototypes.length;
        float[][] up = new float[k][];
        float[][] zp = new float[k][];
        for (int j = 0; j < k; j++) {
            up[j] = adapter.apply(prototypes[j]);
            zp[j] = Vectors.unit(up[j]);
        }
        float[][] dzp = new float[k][D];
        double loss = 0;
        for (int i : batch) {
            loss += anchorGradient(adapter, i, zp, dzp, batch.length, grad);
        }
        for (int j = 0; j < k; j++) {
            accumulate(grad, throughNormalisation(up[j], zp[j], dzp[j]), prototypes[j]);
        }
        for (int r = 0; r < D; r++) {
            for (int c = 0; c < D; c++) {
                grad[r * D + c] += (float) (2 * IDENTITY_PULL * (adapter.w[r * D + c] - (r == c ? 1 : 0)));
            }
        }
        return loss / batch.length;
    }

    /** One anchor's loss; adds its gradient to {@code grad} and, through the prototypes, to {@code dzp}. */
    private double anchorGradient(Adapter adapter, int anchor, float[][] zp, float[][] dzp, int b, float[] grad) {
        float[] x = index.questions[anchor];
        int own = index.answerOf[anchor];
        float[] positive = positives[anchor];
        float[] ua = adapter.apply(x);
        float[] za = Vectors.unit(ua);
        float[] uPos = adapter.apply(positive);
        float[] zPos = Vectors.unit(uPos);
        int k = zp.length;
        double[] logits = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            logits[j] = Vectors.dot(za, j == own ? zPos : zp[j]) / TEMPERATURE;
            max = Math.max(max, logits[j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            logits[j] = Math.exp(logits[j] - max);
            sum += logits[j];
        }
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
        return -Math.log(logits[own] / sum);
    }

    /** Gradient with respect to u of z = u / |u|, given the gradient with respect to z. */
    private static float[] throughNormalisation(float[] u, float[] z, float[] dz) {
        double norm = Math.sqrt(Vectors.dot(u, u));
        double proj = Vectors.dot(z, dz);
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

    /** The loss and accuracy of the given questions (embeddings and answer ids of this index). */
    Evaluation evaluate(Adapter adapter, float[][] questions, int[] answerOf) {
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
                logits[j] = Vectors.dot(z, zp[j]) / TEMPERATURE;
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
}
