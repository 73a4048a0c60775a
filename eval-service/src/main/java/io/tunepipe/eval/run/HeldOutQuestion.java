package io.tunepipe.eval.run;

/**
 * A question of the test split and the answer expected for it.
 *
 * @param rewording true for a rewording of a canonical question (ingest gives those ids ending in {@code /v<k>})
 */
public record HeldOutQuestion(String exampleId, String question, String reference, boolean rewording) {

    /** Whether an example id names a rewording rather than the canonical question of its row. */
    public static boolean isRewordingId(String exampleId) {
        return exampleId.matches(".*/v\\d+$");
    }
}
