package io.tunepipe.augment.bench;

import io.tunepipe.augment.paraphrase.CandidateFilter;
import io.tunepipe.augment.paraphrase.offline.OfflineParaphraser;
import io.tunepipe.localmodel.AdapterTrainer;
import io.tunepipe.localmodel.TrainingPair;
import io.tunepipe.localmodel.bench.ClincDomain;
import io.tunepipe.localmodel.bench.Domain;
import io.tunepipe.localmodel.bench.QualityBench;
import io.tunepipe.text.SentenceEmbedder;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The local provider's quality on dev data as the product trains it: each dev domain of {@link QualityBench} (Québec
 * dev and CLINC150 dev) once as uploaded and once with the offline paraphraser's kept rewordings of every training
 * question added, as augment-service adds them (the service's default filter: band 0.75-0.985, 5 per question); for
 * each, the retrieval baseline and the fine-tune with their paired comparison. Run:
 * {@code ./mvnw -q -o -pl augment-service -am install -DskipTests}, then
 * {@code ./mvnw -q -o -pl augment-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt}
 * and {@code java -cp augment-service/target/test-classes:augment-service/target/classes:$(cat
 * augment-service/cp.txt) io.tunepipe.augment.bench.AugmentedQualityBench [auto|EPOCHS:LR_MULTIPLIER ...]}.
 */
public final class AugmentedQualityBench {

    private static final long SEED = 42;

    public static void main(String[] args) throws Exception {
        List<String> variants = args.length > 0 ? List.of(args) : List.of("auto");
        List<Domain> domains = List.of(QualityBench.Protocol.load().dev().domain("Québec dev"), ClincDomain.dev(SEED));
        for (Domain domain : domains) {
            QualityBench.compare(new AdapterTrainer(), domain, variants);
            Domain augmented = augmented(domain);
            QualityBench.compare(new AdapterTrainer(), augmented, variants);
        }
    }

    /** The domain with offline rewordings of its training questions added to its training pairs. */
    static Domain augmented(Domain domain) {
        OfflineParaphraser paraphraser = new OfflineParaphraser();
        CandidateFilter filter = new CandidateFilter(SentenceEmbedder.shared(), 0.75, 0.985, 5);
        Set<String> known = new HashSet<>();
        domain.train().forEach(p -> known.add(CandidateFilter.key(p.question())));
        domain.inScope().forEach(p -> known.add(CandidateFilter.key(p.question())));
        List<TrainingPair> train = new ArrayList<>(domain.train());
        for (TrainingPair p : domain.train()) {
            filter.filter(p.question(), p.answer(), paraphraser.candidates(p.question()), known).kept()
                    .forEach(rewording -> train.add(new TrainingPair(rewording, p.answer())));
        }
        return new Domain(domain.name() + " + offline rewordings (" + (train.size() - domain.train().size()) + ")",
                train, domain.inScope(), domain.outOfScope());
    }
}
