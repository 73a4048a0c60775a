package io.tunepipe.augment.service;

import io.tunepipe.augment.paraphrase.CandidateFilter;
import io.tunepipe.augment.paraphrase.Paraphraser;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What paraphrasing one chunk of training questions gave: the kept paraphrases and the counts by outcome. */
record ChunkOutcome(List<Example> paraphrases, long generated, Map<String, Long> rejected,
        Map<String, Long> failed) {

    /** Filters each source question's proposal; {@code known} collects the kept questions as it goes. */
    static ChunkOutcome of(List<Example> sources, List<Paraphraser.Proposal> proposals, CandidateFilter filter,
            Set<String> known) {
        Map<String, Long> rejected = new TreeMap<>();
        Map<String, Long> failed = new TreeMap<>();
        List<Example> paraphrases = new ArrayList<>();
        long generated = 0;
        for (int i = 0; i < sources.size(); i++) {
            Example source = sources.get(i);
            Paraphraser.Proposal proposal = proposals.get(i);
            if (proposal.failed()) {
                failed.merge(proposal.failure(), 1L, Long::sum);
                continue;
            }
            CandidateFilter.Outcome outcome = filter.filter(source.prompt(), source.completion(),
                    proposal.candidates(), known);
            generated += outcome.generated();
            outcome.rejected().forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
            for (int k = 0; k < outcome.kept().size(); k++) {
                paraphrases.add(new Example(source.id() + "/p" + (k + 1), source.groupId(), Split.TRAIN,
                        outcome.kept().get(k), source.completion(), source.system(), Origin.PARAPHRASE, source.id(),
                        source.sourceLine()));
            }
        }
        return new ChunkOutcome(paraphrases, generated, rejected, failed);
    }
}
