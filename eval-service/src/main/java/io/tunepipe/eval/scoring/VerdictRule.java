package io.tunepipe.eval.scoring;

import io.tunepipe.contracts.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a fine-tuned model is promoted: it must answer significantly more questions right than its base (exact
 * McNemar test at level alpha) and not significantly fewer than the base with retrieval; with
 * {@code requireBeatRetrieval} it must also answer significantly more than the base with retrieval.
 */
public record VerdictRule(String metric, double alpha, boolean requireBeatRetrieval) {

    /**
     * The verdict from the fine-tuned model's comparisons with the base and, when a retrieval baseline ran, with
     * the base with retrieval (else null).
     */
    public Verdict decide(PairedComparison vsBase, PairedComparison vsRetrieval) {
        boolean beatsRetrieval = vsRetrieval != null && vsRetrieval.significantlyBetter(alpha);
        List<String> holds = new ArrayList<>();
        if (!vsBase.significantlyBetter(alpha)) {
            holds.add("no significant gain over the base: " + figures(vsBase));
        }
        if (vsRetrieval != null && vsRetrieval.significantlyWorse(alpha)) {
            holds.add("significantly worse than retrieval without fine-tuning: " + figures(vsRetrieval));
        } else if (requireBeatRetrieval && vsRetrieval == null) {
            holds.add("beating retrieval is required, but no retrieval baseline ran");
        } else if (requireBeatRetrieval && !beatsRetrieval) {
            holds.add("beating retrieval without fine-tuning is required, but the gain is not significant: "
                    + figures(vsRetrieval));
        }
        Verdict.Outcome outcome = holds.isEmpty() ? Verdict.Outcome.PROMOTED : Verdict.Outcome.HELD;
        String reason = holds.isEmpty() ? "significantly better than the base: " + figures(vsBase) : String.join("; ",
                holds);
        boolean retrievalStated = holds.stream().anyMatch(h -> h.contains("retrieval"));
        reason = capitalised(reason) + "." + (retrievalStated ? "" : retrievalSentence(vsRetrieval, beatsRetrieval));
        return new Verdict(outcome, reason, metric, vsBase.delta(), vsBase.pValue(),
                vsRetrieval == null ? null : vsRetrieval.delta(), vsRetrieval == null ? null : vsRetrieval.pValue(),
                beatsRetrieval);
    }

    private String retrievalSentence(PairedComparison vsRetrieval, boolean beatsRetrieval) {
        if (vsRetrieval == null) {
            return " No retrieval baseline ran.";
        }
        return beatsRetrieval ? " Fine-tuning beat retrieval without fine-tuning: " + figures(vsRetrieval) + "."
                : " Fine-tuning did not beat retrieval without fine-tuning: " + figures(vsRetrieval) + ".";
    }

    /** "+1.2 points, p = 0.41": the accuracy difference in percentage points and its p-value. */
    public static String figures(PairedComparison c) {
        return String.format(Locale.ROOT, "%+.1f points, p %s", c.delta() * 100, pValue(c.pValue()));
    }

    /** "= 0.41", "= 0.039", "< 0.001". */
    public static String pValue(double p) {
        if (p < 0.001) {
            return "< 0.001";
        }
        return String.format(Locale.ROOT, p < 0.1 ? "= %.3f" : "= %.2f", p);
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
