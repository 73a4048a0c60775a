package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.Example;
import io.tunepipe.testdata.TestData;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Québec COVID-19 FAQ files, as they are, ingested with one mapping for both. */
class QuebecFaqTest {

    /** One name for the crowd column of both files: collection2 ends it with '_', collection3 does not. */
    static final ColumnMapping MAPPING = new ColumnMapping("questions", "answers", null, null, null, null,
            List.of("write a coherent question that would result in the answer shown above do not copy the sample question"));

    private static IngestResult ingest(String file, CollectingSink sink) throws Exception {
        try (InputStream in = TestData.open("quebec-covid-faq/" + file)) {
            return new IngestPipeline(IngestSettings.defaults()).run("qc", in, MAPPING, sink);
        }
    }

    /**
     * 313 rows; 313 canonical questions + 939 crowd rewordings = 1,252 candidate examples. 17 are exact duplicates
     * after normalisation (a rewording repeating its canonical question or another rewording of the same entry;
     * the README's 23 identical-to-canonical and 95 duplicates count across both files and before our
     * case/punctuation normalisation merges some). 1 rewording is the answer pasted as a question (line 954).
     * 6 are generic rewordings already used for another entry with a different answer: reported as conflicts.
     * 1,252 - 17 - 1 - 6 = 1,228 examples.
     */
    @Test
    void collection2IngestsWithExactCounts() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult r = ingest("collection2_a1571487.csv", sink);

        assertThat(r.rowsRead()).isEqualTo(313);
        assertThat(r.encoding()).isEqualTo("UTF-8");
        assertThat(r.examples().total()).isEqualTo(1228);
        assertThat(r.examples()).isEqualTo(new io.tunepipe.contracts.SplitCounts(1018, 116, 94));
        assertThat(r.duplicates()).isEqualTo(17);
        assertThat(r.conflicts()).isEqualTo(6);
        assertThat(r.rejectedByReason()).isEqualTo(Map.of("answer-as-question", 1L, "conflicting-answer", 6L));
        assertThat(sink.rejected).filteredOn(x -> x.reason().equals("answer-as-question"))
                .singleElement().extracting(RejectedRow::line).isEqualTo(954L);
        assertNoLeakAcrossSplits(sink.examples);
        assertThat(sink.examples).allSatisfy(e -> assertThat(e.prompt()).doesNotContain(" ").isEqualTo(e.prompt().strip()));
    }

    /** 313 + 2,203 = 2,516 candidates; 43 duplicates, 2 answers as questions, 51 conflicts: 2,420 examples. */
    @Test
    void collection3IngestsWithTheSameMapping() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult r = ingest("collection3_a1571615.csv", sink);

        assertThat(r.rowsRead()).isEqualTo(313);
        assertThat(r.examples().total()).isEqualTo(2420);
        assertThat(r.duplicates()).isEqualTo(43);
        assertThat(r.rejectedByReason()).isEqualTo(Map.of("answer-as-question", 2L, "conflicting-answer", 51L));
        assertNoLeakAcrossSplits(sink.examples);
    }

    private static void assertNoLeakAcrossSplits(List<Example> examples) {
        Map<String, Long> splitsPerGroup = examples.stream().collect(Collectors.groupingBy(Example::groupId,
                Collectors.mapping(Example::split, Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
        assertThat(splitsPerGroup.values()).containsOnly(1L);
    }
}
