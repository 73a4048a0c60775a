package io.tunepipe.augment.paraphrase;

import java.util.List;

/** Proposes rewordings of a question; {@link CandidateFilter} decides which keep the meaning. */
public interface Paraphraser {

    String name();

    /** Candidate rewordings, more than will be kept; may be empty, never null. */
    List<String> candidates(String question);
}
