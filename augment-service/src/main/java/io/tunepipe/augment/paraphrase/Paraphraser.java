package io.tunepipe.augment.paraphrase;

import java.util.List;

/** Proposes rewordings for a batch of questions; {@link CandidateFilter} decides which keep the meaning. */
public interface Paraphraser {

    /** The name a run records and the REST API accepts ({@code offline}, {@code llm}). */
    String name();

    /** One proposal per question, in the order given; a question that could not be paraphrased says why. */
    List<Proposal> propose(List<String> questions);

    /** The candidate rewordings of one question, or the reason there are none. */
    record Proposal(String question, List<String> candidates, String failure) {

        public static Proposal of(String question, List<String> candidates) {
            return new Proposal(question, List.copyOf(candidates), null);
        }

        public static Proposal failed(String question, String failure) {
            return new Proposal(question, List.of(), failure);
        }

        public boolean failed() {
            return failure != null;
        }
    }
}
