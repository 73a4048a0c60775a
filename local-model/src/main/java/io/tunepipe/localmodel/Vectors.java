package io.tunepipe.localmodel;

/** Arithmetic on embedding vectors: dot products and scaling to unit length. */
final class Vectors {

    private Vectors() {
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** A copy of {@code u} scaled to unit length (the zero vector stays zero). */
    static float[] unit(float[] u) {
        float[] z = u.clone();
        double n = Math.sqrt(dot(z, z));
        if (n > 0) {
            for (int i = 0; i < z.length; i++) {
                z[i] /= n;
            }
        }
        return z;
    }
}
