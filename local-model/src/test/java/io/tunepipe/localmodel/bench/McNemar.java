package io.tunepipe.localmodel.bench;

/** The exact (binomial) McNemar test of two models' right/wrong answers to the same questions. */
final class McNemar {

    private McNemar() {
    }

    /** Two-sided p of {@code onlyFirst} questions right only for one model, {@code onlySecond} only for the other. */
    static double exactP(int onlyFirst, int onlySecond) {
        int n = onlyFirst + onlySecond;
        if (n == 0) {
            return 1;
        }
        int k = Math.min(onlyFirst, onlySecond);
        double logHalfPowerN = -n * Math.log(2);
        double logChoose = 0;
        double tail = 0;
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logChoose + logHalfPowerN);
            logChoose += Math.log(n - i) - Math.log(i + 1);
        }
        return Math.min(1, 2 * tail);
    }
}
