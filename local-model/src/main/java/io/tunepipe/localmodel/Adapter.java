package io.tunepipe.localmodel;

import io.tunepipe.text.SentenceEmbedder;

/** A learned linear map on sentence embeddings (starting as the identity), applied before comparing them. */
public final class Adapter {

    static final int D = SentenceEmbedder.DIMENSIONS;

    /** Row-major D x D. */
    final float[] w;

    Adapter(float[] w) {
        if (w.length != D * D) {
            throw new IllegalArgumentException("adapter must be " + D + "x" + D);
        }
        this.w = w;
    }

    public static Adapter identity() {
        float[] w = new float[D * D];
        for (int i = 0; i < D; i++) {
            w[i * D + i] = 1f;
        }
        return new Adapter(w);
    }

    /** The weight-space mix {@code weight} W + (1 - {@code weight}) I of this adapter with the identity. */
    Adapter towardsIdentity(double weight) {
        float[] mixed = new float[D * D];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = (float) (weight * w[i] + (i % (D + 1) == 0 ? 1 - weight : 0));
        }
        return new Adapter(mixed);
    }

    /** W x, not normalised. */
    float[] apply(float[] x) {
        float[] z = new float[D];
        for (int r = 0; r < D; r++) {
            float s = 0;
            int row = r * D;
            for (int c = 0; c < D; c++) {
                s += w[row + c] * x[c];
            }
            z[r] = s;
        }
        return z;
    }

    /** W x scaled to unit length, for cosine comparisons. */
    float[] project(float[] x) {
        float[] z = apply(x);
        double n = 0;
        for (float v : z) {
            n += v * v;
        }
        float inv = n == 0 ? 0 : (float) (1 / Math.sqrt(n));
        for (int i = 0; i < D; i++) {
            z[i] *= inv;
        }
        return z;
    }
}
