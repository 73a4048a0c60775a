package io.tunepipe.localmodel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Questions a "don't know" threshold is chosen on: in-scope ones (a trained answer expected) and out-of-scope ones
 * (no trained answer is right), with the training pairs the model being calibrated was built from.
 *
 * @param train the pairs the calibrated model is trained and indexed on
 */
record CalibrationSet(List<TrainingPair> train, List<TrainingPair> inScope, List<String> outOfScope) {

    /** Share of answers whose whole group of questions is held out as out-of-scope probes when carving. */
    static final double HELD_OUT_GROUPS = 0.05;
    /** Carving holds out whole groups only when there are at least this many answers. */
    static final int MIN_ANSWERS_FOR_HELD_OUT_GROUPS = 10;
    private static final String BUILT_IN = "out-of-scope-questions.txt";
    private static final List<String> BUILT_IN_QUESTIONS = load();

    /** Unrelated questions shipped with the model (CLINC150's oos_train, see README.md beside them). */
    static List<String> builtInOutOfScope() {
        return BUILT_IN_QUESTIONS;
    }

    /**
     * The validation pairs: those whose answer is trained are in scope, the others (and the built-in questions) out
     * of scope; the calibrated model is built from all of {@code train}.
     */
    static CalibrationSet fromValidation(List<TrainingPair> train, List<TrainingPair> validation) {
        Set<String> trained = train.stream().map(TrainingPair::answer).collect(Collectors.toSet());
        List<TrainingPair> inScope = validation.stream().filter(p -> trained.contains(p.answer())).toList();
        List<String> outOfScope = new ArrayList<>(validation.stream().filter(p -> !trained.contains(p.answer()))
                .map(TrainingPair::question).toList());
        outOfScope.addAll(BUILT_IN_QUESTIONS);
        return new CalibrationSet(train, inScope, outOfScope);
    }

    /**
     * Carved out of {@code train}, deterministically by {@code seed}: a few answers' whole groups of questions held
     * out as out-of-scope probes (beside the built-in ones), and, of every other answer with at least two distinct
     * questions, one question held out as an in-scope rewording; the rest is what the calibrated model is built
     * from.
     */
    static CalibrationSet carve(List<TrainingPair> train, long seed) {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (TrainingPair p : train) {
            groups.computeIfAbsent(p.answer(), a -> new LinkedHashSet<>()).add(p.question());
        }
        Random random = new Random(seed);
        List<String> answers = new ArrayList<>(groups.keySet());
        Set<String> heldOutAnswers = Set.of();
        if (answers.size() >= MIN_ANSWERS_FOR_HELD_OUT_GROUPS) {
            List<String> shuffled = new ArrayList<>(answers);
            Collections.shuffle(shuffled, random);
            heldOutAnswers = Set.copyOf(shuffled.subList(0, (int) Math.ceil(answers.size() * HELD_OUT_GROUPS)));
        }
        List<TrainingPair> inScope = new ArrayList<>();
        List<String> outOfScope = new ArrayList<>();
        for (String answer : answers) {
            List<String> group = new ArrayList<>(groups.get(answer));
            if (heldOutAnswers.contains(answer)) {
                outOfScope.addAll(group);
            } else if (group.size() >= 2) {
                inScope.add(new TrainingPair(group.get(random.nextInt(group.size())), answer));
            }
        }
        Set<String> heldOutQuestions = inScope.stream().map(TrainingPair::question).collect(Collectors.toSet());
        Set<String> finalHeldOutAnswers = heldOutAnswers;
        List<TrainingPair> rest = train.stream().filter(p -> !finalHeldOutAnswers.contains(p.answer())
                && !heldOutQuestions.contains(p.question())).toList();
        outOfScope.addAll(BUILT_IN_QUESTIONS);
        return new CalibrationSet(rest, inScope, outOfScope);
    }

    /**
     * This carving with, beside each held-out in-scope question, every training question of its answer at least
     * {@code close} to it (its paraphrases, made by augmentation from it) left out of what the calibrated model is
     * built from: otherwise they answer the held-out question for it, the threshold is chosen on questions far
     * easier than a user's new rewordings, and those are refused.
     */
    CalibrationSet withoutCopiesOfInScope(EmbeddingMemo embeddings, double close) {
        Map<String, List<float[]>> heldOut = new LinkedHashMap<>();
        float[][] held = embeddings.embed(inScope.stream().map(TrainingPair::question).toList());
        for (int i = 0; i < held.length; i++) {
            heldOut.computeIfAbsent(inScope.get(i).answer(), a -> new ArrayList<>()).add(held[i]);
        }
        List<TrainingPair> candidates = train.stream().filter(p -> heldOut.containsKey(p.answer())).toList();
        float[][] vectors = embeddings.embed(candidates.stream().map(TrainingPair::question).toList());
        Set<TrainingPair> copies = new java.util.HashSet<>();
        for (int i = 0; i < vectors.length; i++) {
            for (float[] h : heldOut.get(candidates.get(i).answer())) {
                if (Vectors.dot(vectors[i], h) >= close) {
                    copies.add(candidates.get(i));
                    break;
                }
            }
        }
        List<TrainingPair> rest = train.stream().filter(p -> !copies.contains(p)).toList();
        return new CalibrationSet(rest.isEmpty() ? train : rest, inScope, outOfScope);
    }

    private static List<String> load() {
        try (InputStream in = CalibrationSet.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN + " missing from local-model");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
