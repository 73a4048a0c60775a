package io.tunepipe.augment.paraphrase.llm;

import java.util.List;
import java.util.Optional;

/** Rewordings already bought from a provider, keyed by question, model and prompt version. */
public interface ParaphraseCache {

    Optional<List<String>> get(String question, String model, String promptVersion);

    void put(String question, String model, String promptVersion, List<String> candidates);
}
