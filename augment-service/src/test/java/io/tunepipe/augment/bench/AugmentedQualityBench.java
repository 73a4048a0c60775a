package io.tunepipe.augment.bench;

import io.tunepipe.augment.paraphrase.CandidateFilter;
import io.tunepipe.augment.paraphrase.offline.OfflineParaphraser;
import io.tunepipe.localmodel.AdapterTrainer;
import io.tunepipe.localmodel.TrainingPair;
import io.tunepipe.localmodel.TrainingSettings;
import io.tunepipe.localmodel.bench.QualityBench;
import io.tunepipe.text.SentenceEmbedder;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Case (d) of the local provider's quality benchmark: the fine-tune on the Québec canonical questions (b) against the
 * same fine-tune with the offline paraphraser's kept rewordings of those questions added (d), by the standard
 * protocol of {@link QualityBench}, with the service's default filter (band 0.75-0.985, 5 per question). Run:
 * {@code ./mvnw -q -pl local-model install -DskipTests && ./mvnw -q -pl augment-service test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.tunepipe.augment.bench.AugmentedQualityBench}
 */
public final class AugmentedQualityBench {

    public static void main(String[] args) throws Exception {
        QualityBench.Protocol data = QualityBench.Protocol.load();
        SentenceEmbedder embedder = SentenceEmbedder.shared();
        OfflineParaphraser paraphraser = new OfflineParaphraser();
        CandidateFilter filter = new CandidateFilter(embedder, 0.75, 0.985, 5);
        Set<String> known = new HashSet<>();
        data.canonical().forEach(p -> known.add(CandidateFilter.key(p.question())));
        List<TrainingPair> augmented = new ArrayList<>(data.canonical());
        for (TrainingPair p : data.canonical()) {
            filter.filter(p.question(), p.answer(), paraphraser.candidates(p.question()), known).kept()
                    .forEach(rewording -> augmented.add(new TrainingPair(rewording, p.answer())));
        }
        System.out.printf("train: %d canonical questions, plus %d offline rewordings for (d); test: %d collection3"
                + " rewordings%n", data.canonical().size(), augmented.size() - data.canonical().size(),
                data.collection3().size());
        AdapterTrainer trainer = new AdapterTrainer();
        QualityBench.report("(b)  fine-tuned on canonical only", trainer.train("b", data.canonical(),
                data.validation(), TrainingSettings.auto(data.canonical().size(), null, null, null, 42), m -> { },
                () -> false), data.collection3());
        QualityBench.report("(d)  fine-tuned on canonical + offline rewordings", trainer.train("d", augmented,
                data.validation(), TrainingSettings.auto(augmented.size(), null, null, null, 42), m -> { },
                () -> false), data.collection3());
    }
}
