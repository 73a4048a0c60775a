package io.tunepipe.eval.run;

/**
 * A question of the test split and the answer expected for it.
 *
 * @param rewording true for a rewording of a canonical question (ingest gives those ids ending in {@code /v<k>})
 * @param probe     true for an out-of-scope probe: no training example has its reference answer, so the right
 *                  answer is a refusal
 */
public record HeldOutQuestion(String exampleId, String question, String reference, boolean rewording,
        boolean probe) {

    /** Whether an example id names a rewording rather than the canonical question of its row. */
    public static boolean isRewordingId(String exampleId) {
        return exampleId.matches(".*/v\\d+$");
    }
}
