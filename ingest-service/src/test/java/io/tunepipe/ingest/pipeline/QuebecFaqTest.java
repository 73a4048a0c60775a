package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.SplitCounts;
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
            List.of("write a coherent question that would result in the answer shown above"
                    + " do not copy the sample question"));

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
     * <p>
     * Split: 313 rows in 311 groups (two pairs of rows share an answer: lines 617 and 621, 694 and 698).
     * 17 groups (5.5%) are probes: their 67 questions all go to test. The first question of each of the other 294 is
     * trained; their 867 further questions go by their own hash 687 / 90 / 90 (693.6 / 86.7 / 86.7 expected at
     * 0.8 / 0.1 / 0.1). Train 294 + 687 = 981, validation 90, test 67 + 90 = 157.
     */
    @Test
    void collection2IngestsWithExactCounts() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult r = ingest("collection2_a1571487.csv", sink);

        assertThat(r.rowsRead()).isEqualTo(313);
        assertThat(r.encoding()).isEqualTo("UTF-8");
        assertThat(r.examples().total()).isEqualTo(1228);
        assertThat(r.examples()).isEqualTo(new SplitCounts(981, 90, 157));

        assertThat(r.duplicates()).isEqualTo(17);
        assertThat(r.conflicts()).isEqualTo(6);
        assertThat(r.rejectedByReason()).isEqualTo(Map.of("answer-as-question", 1L, "conflicting-answer", 6L));
        assertThat(sink.rejected).filteredOn(x -> x.reason().equals("answer-as-question"))
                .singleElement().extracting(RejectedRow::line).isEqualTo(954L);
        assertThat(1252).isEqualTo(r.examples().total() + r.duplicates() + r.rejectedByReason().values().stream()
                .mapToLong(Long::longValue).sum());
        assertSplit(sink.examples, 17, 67, 687, 90, 90);
        Map<Long, String> groupOfLine = sink.examples.stream()
                .collect(Collectors.toMap(Example::sourceLine, Example::groupId, (x, y) -> x));
        assertThat(groupOfLine.get(617L)).isEqualTo(groupOfLine.get(621L)).isNotEqualTo(groupOfLine.get(694L));
        assertThat(groupOfLine.get(694L)).isEqualTo(groupOfLine.get(698L));
        assertThat(sink.examples).allSatisfy(e -> assertThat(e.prompt()).doesNotContain(" ")
                .isEqualTo(e.prompt().strip()));
    }

    /**
     * 313 + 2,203 = 2,516 candidates; 43 duplicates, 2 answers as questions, 51 conflicts: 2,420 examples. The same
     * 311 answer groups, so the same 17 probes, here with 131 questions; the other 294 groups' first questions are
     * trained and their 1,995 further questions go 1,618 / 170 / 207 (1,596 / 199.5 / 199.5 expected): train 1,912,
     * validation 170, test 131 + 207 = 338.
     */
    @Test
    void collection3IngestsWithTheSameMapping() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult r = ingest("collection3_a1571615.csv", sink);

        assertThat(r.rowsRead()).isEqualTo(313);
        assertThat(r.examples().total()).isEqualTo(2420);
        assertThat(r.duplicates()).isEqualTo(43);
        assertThat(r.rejectedByReason()).isEqualTo(Map.of("answer-as-question", 2L, "conflicting-answer", 51L));
        assertThat(r.examples()).isEqualTo(new SplitCounts(1912, 170, 338));
        assertSplit(sink.examples, 17, 131, 1618, 170, 207);
    }

    private static void assertSplit(List<Example> examples, int probeGroups, int probeQuestions, long heldOutTrain,
            long heldOutValidation, long heldOutTest) {
        SplitAudit audit = SplitAudit.of(examples);
        assertThat(audit.groups()).isEqualTo(311);
        assertThat(audit.probeGroups()).isEqualTo(probeGroups);
        assertThat(audit.probeQuestions()).isEqualTo(probeQuestions);
        assertThat(audit.heldOut()).containsExactly(heldOutTrain, heldOutValidation, heldOutTest);
    }
}
