package io.tunepipe.eval.scoring;

/** The exact McNemar test: a two-sided binomial test of the discordant pairs of two paired right/wrong series. */
public final class McNemar {

    private McNemar() {
    }

    /**
     * The two-sided p-value of {@code b} pairs where only the first model was right against {@code c} pairs where
     * only the second was: twice the smaller binomial tail of Binomial(b + c, 1/2), at most 1; 1 with no discordant
     * pairs. Computed in log space so thousands of pairs do not underflow.
     */
    public static double exactPValue(int b, int c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("counts must not be negative: b=" + b + ", c=" + c);
        }
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        double[] logFactorial = new double[n + 1];
        for (int k = 2; k <= n; k++) {
            logFactorial[k] = logFactorial[k - 1] + Math.log(k);
        }
        double logHalfToTheN = -n * Math.log(2);
        double tail = 0;
        for (int i = 0; i <= Math.min(b, c); i++) {
            tail += Math.exp(logFactorial[n] - logFactorial[i] - logFactorial[n - i] + logHalfToTheN);
        }
        return Math.min(1.0, 2 * tail);
    }
}
