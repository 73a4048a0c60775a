package io.tunepipe.localmodel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Makes local models: fine-tunes an adapter W on sentence embeddings with a {@link ContrastiveLoss} and mixes it
 * with the identity ({@link #FINE_TUNE_WEIGHT}), or leaves W at the identity for the retrieval baseline, and
 * calibrates the "don't know" threshold of either the same way (see {@link CalibrationSet} and {@link Calibrator}).
 * With no validation split, calibration questions are carved out of the training data and the adapter is trained on
 * the rest; the final model's prototypes and keys (see {@link AnswerIndex} and {@link LocalModel}) are then built
 * over all training questions, with no second training run. Retrieval of trained answers, not generation.
 */
public final class AdapterTrainer {

    /** The product's default training seed, for jobs that name none. */
    public static final long DEFAULT_SEED = 42;

    /**
     * The trained adapter's weight when it is mixed with the identity, weight for weight, into the fine-tuned model:
     * a weight-space ensemble of the fine-tune and the encoder it started from (WiSE-FT, Wortsman et al., CVPR
     * 2022), which keeps what training taught while staying robust to wordings unlike the training data's. Chosen on
     * dev data: on the offline-augmented Québec FAQ (four folds of collection2, 940 rewordings) 73.5% exact match at
     * 0.5, against 72.9% for the trained adapter alone and 71.9% for retrieval with no training; on CLINC150 dev
     * 94.4% with 67% of out-of-scope questions refused, against 94.7% and 60% at 0.75 and 92.1% and 80% untrained.
     */
    static final double FINE_TUNE_WEIGHT = 0.5;

    /** Cosine from which a training question counts as a copy of a held-out one (paraphrases made from it). */
    static final double CLOSE_COPY = 0.85;

    private final EmbeddingMemo embeddings;

    /**
     * A trainer of models on {@code encoder}'s embeddings. It remembers the embedding of every text it is given, so
     * that the fine-tune and the retrieval baseline of one dataset embed it once: use one trainer per dataset.
     */
    public AdapterTrainer(Encoder encoder) {
        this.embeddings = new EmbeddingMemo(encoder);
    }

    /** A trainer of models on the {@link Encoder#DEFAULT} encoder. */
    public AdapterTrainer() {
        this(Encoder.DEFAULT);
    }

    /** Trains on {@code train}, reports each epoch, calibrates; stops if {@code cancelled}. */
    public LocalModel train(String modelName, List<TrainingPair> train, List<TrainingPair> validation,
            TrainingSettings settings, Consumer<EpochMetrics> onEpoch, BooleanSupplier cancelled) {
        return build(modelName, train, validation, settings.seed(), (index, monitor, history) ->
                new AdapterFit(new ContrastiveLoss(index), settings).run(modelName, monitor, history, onEpoch,
                        cancelled).towardsIdentity(FINE_TUNE_WEIGHT), settings);
    }

    /**
     * The "base + retrieval" model a fine-tune is measured against: the same answers, keys, prototypes and
     * calibration as {@link #train} with the same seed, but no training (the identity adapter).
     */
    public LocalModel retrievalBaseline(String modelName, List<TrainingPair> train, List<TrainingPair> validation,
            long seed) {
        return build(modelName, train, validation, seed, (index, monitor, history) -> Adapter.identity(), null);
    }

    /** How an adapter is obtained for an index: trained, or the identity. */
    private interface AdapterSource {
        Adapter adapter(AnswerIndex index, AdapterFit.Monitor validation, List<EpochMetrics> history);
    }

    private LocalModel build(String modelName, List<TrainingPair> train, List<TrainingPair> validation, long seed,
            AdapterSource source, TrainingSettings settings) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        CalibrationSet calibration = CalibrationSet.fromValidation(train, validation);
        if (calibration.inScope().isEmpty()) {
            calibration = CalibrationSet.carve(train, seed).withoutCopiesOfInScope(embeddings, CLOSE_COPY);
        }
        AnswerIndex fitted = AnswerIndex.of(calibration.train(), embeddings);
        List<EpochMetrics> history = new ArrayList<>();
        Adapter adapter = source.adapter(fitted, monitor(fitted, validation), history);
        double threshold = Calibrator.threshold(fitted.model(modelName, adapter, -1, null), calibration,
                embeddings);
        AnswerIndex all = calibration.train().size() == train.size() ? fitted : AnswerIndex.of(train, embeddings);
        long trainedTokens = settings == null ? 0 : (long) settings.epochs() * train.stream()
                .mapToLong(p -> words(p.question()) + words(p.answer())).sum();
        LocalModel.Info info = new LocalModel.Info(modelName, LocalModel.BASE_MODEL, Instant.now(), settings,
                train.size(), validation.size(), all.answers.size(), trainedTokens, threshold, history);
        return all.model(modelName, adapter, threshold, info);
    }

    /** The validation pairs whose answer the index holds, to report per epoch. */
    private AdapterFit.Monitor monitor(AnswerIndex index, List<TrainingPair> validation) {
        List<TrainingPair> known = validation.stream().filter(p -> index.answerIds.containsKey(p.answer())).toList();
        return new AdapterFit.Monitor(embeddings.embed(known.stream().map(TrainingPair::question).toList()),
                known.stream().mapToInt(p -> index.answerIds.get(p.answer())).toArray());
    }

    private static long words(String text) {
        return text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }
}
