package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Split;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the default split made of a file's examples, group by group, in the order they were emitted: how many groups
 * were taught (their first example trained) or probes (untrained, all in test), and where the further questions of
 * taught groups went.
 *
 * @param heldOut further questions of taught groups, by {@link Split#ordinal}
 */
record SplitAudit(int groups, int probeGroups, int probeQuestions, long[] heldOut) {

    /** Audits examples emitted by the default split, and asserts its two rules group by group. */
    static SplitAudit of(List<Example> examples) {
        Map<String, List<Example>> byGroup = new LinkedHashMap<>();
        for (Example e : examples) {
            byGroup.computeIfAbsent(e.groupId(), g -> new ArrayList<>()).add(e);
        }
        int probeGroups = 0;
        int probeQuestions = 0;
        long[] heldOut = new long[Split.values().length];
        for (List<Example> group : byGroup.values()) {
            if (group.stream().noneMatch(e -> e.split() == Split.TRAIN)) {
                assertThat(group).as("a group never trained is a probe, all in test")
                        .extracting(Example::split).containsOnly(Split.TEST);
                probeGroups++;
                probeQuestions += group.size();
                continue;
            }
            assertThat(group.get(0).split()).as("a taught group's first question is trained").isEqualTo(Split.TRAIN);
            group.subList(1, group.size()).forEach(e -> heldOut[e.split().ordinal()]++);
        }
        return new SplitAudit(byGroup.size(), probeGroups, probeQuestions, heldOut);
    }

    int taughtGroups() {
        return groups - probeGroups;
    }

    long heldOut(Split split) {
        return heldOut[split.ordinal()];
    }
}
