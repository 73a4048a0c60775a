package io.tunepipe.localmodel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the "don't know" threshold of a model on a {@link CalibrationSet}: the threshold that maximises the
 * in-scope questions answered right plus the out-of-scope questions refused, among the thresholds that refuse at
 * most 1% ({@link #MAX_IN_SCOPE_REFUSALS}) of the in-scope questions. Refusing an in-scope question that would have
 * been answered wrong costs nothing under this count, so without the cap the threshold climbs wherever out-of-scope
 * probes crowd the in-scope scores, and users would be refused answers the model knows. The cap sits well under the
 * 3% of in-scope refusals a run is allowed, because calibration questions are fewer and easier than the questions
 * users ask: on dev data a 2% cap gave up to 3.4% of in-scope refusals.
 */
final class Calibrator {

    static final double MAX_IN_SCOPE_REFUSALS = 0.01;

    private record Scored(double similarity, boolean inScope, boolean right) {
    }

    private Calibrator() {
    }

    /**
     * The threshold for {@code model}, its questions embedded through {@code embeddings} (a fine-tune and its
     * retrieval baseline are calibrated on the same questions); {@link LocalModel#DEFAULT_THRESHOLD} when there is no
     * in-scope question.
     */
    static double threshold(LocalModel model, CalibrationSet set, EmbeddingMemo embeddings) {
        if (set.inScope().isEmpty()) {
            return LocalModel.DEFAULT_THRESHOLD;
        }
        List<Scored> scored = new ArrayList<>();
        List<LocalModel.Answer> in = model.answerEmbedded(
                embeddings.embed(set.inScope().stream().map(TrainingPair::question).toList()));
        for (int i = 0; i < in.size(); i++) {
            scored.add(new Scored(in.get(i).similarity(), true,
                    in.get(i).text().equals(set.inScope().get(i).answer())));
        }
        model.answerEmbedded(embeddings.embed(set.outOfScope()))
                .forEach(a -> scored.add(new Scored(a.similarity(), false, false)));
        scored.sort(Comparator.comparingDouble(Scored::similarity));
        int allowedRefusals = (int) Math.floor(MAX_IN_SCOPE_REFUSALS * in.size());
        // sweep thresholds upwards: at position i, every question before i is refused, the others answered
        int value = (int) scored.stream().filter(s -> s.inScope() && s.right()).count();
        int best = value;
        double bestThreshold = scored.get(0).similarity() - 1e-6;
        int inScopeRefused = 0;
        for (int i = 0; i < scored.size(); i++) {
            Scored s = scored.get(i);
            inScopeRefused += s.inScope() ? 1 : 0;
            value += s.inScope() ? (s.right() ? -1 : 0) : 1;
            if (inScopeRefused > allowedRefusals) {
                break;
            }
            boolean boundary = i + 1 == scored.size() || scored.get(i + 1).similarity() > s.similarity();
            if (boundary && value > best) {
                best = value;
                bestThreshold = i + 1 == scored.size() ? s.similarity() + 1e-6
                        : (s.similarity() + scored.get(i + 1).similarity()) / 2;
            }
        }
        return bestThreshold;
    }
}
