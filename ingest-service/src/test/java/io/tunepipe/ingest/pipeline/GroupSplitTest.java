package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.SplitCounts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The default split of a file that names none, and a split column that still wins. */
class GroupSplitTest {

    private static IngestResult run(double probeShare, String csv, CollectingSink sink) throws Exception {
        IngestSettings settings = new IngestSettings(0.8, 0.1, 0.1, probeShare, "gpt-4o-mini", 4096, 100_000);
        return new IngestPipeline(settings).run("ds", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                ColumnMapping.detect(), sink);
    }

    /** {@code facts} rows, each a question and its answer with {@code rewordings} more wordings in a variants cell. */
    private static String withRewordings(int facts, int rewordings) {
        StringBuilder csv = new StringBuilder("question,answer,rewordings\n");
        for (int i = 0; i < facts; i++) {
            csv.append("What is fact ").append(i).append("?,Fact ").append(i).append(" is true.,\"");
            for (int k = 0; k < rewordings; k++) {
                csv.append(k == 0 ? "" : "\n").append("Wording ").append(k).append(" of fact ").append(i).append('?');
            }
            csv.append("\"\n");
        }
        return csv.toString();
    }

    private static Set<String> answers(List<Example> examples, Split split) {
        return examples.stream().filter(e -> e.split() == split).map(Example::completion).collect(Collectors.toSet());
    }

    @Test
    void aGroupsFirstQuestionIsTrainedAndItsRewordingsAreHeldOutAtTheRatios() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult r = run(0, withRewordings(300, 4), sink);

        SplitAudit audit = SplitAudit.of(sink.examples);
        assertThat(audit.groups()).isEqualTo(300);
        assertThat(audit.probeGroups()).isZero();
        assertThat(sink.examples).filteredOn(e -> e.prompt().startsWith("What is fact"))
                .hasSize(300).extracting(Example::split).containsOnly(Split.TRAIN);
        // 1,200 rewordings at 0.8 / 0.1 / 0.1: 120 expected in each held-out split, 11 the standard deviation
        assertThat(audit.heldOut(Split.VALIDATION)).isBetween(76L, 164L);
        assertThat(audit.heldOut(Split.TEST)).isBetween(76L, 164L);
        assertThat(r.examples().train()).isEqualTo(300 + audit.heldOut(Split.TRAIN));
        assertThat(answers(sink.examples, Split.TRAIN)).containsAll(answers(sink.examples, Split.TEST))
                .containsAll(answers(sink.examples, Split.VALIDATION));
    }

    @Test
    void rowsSharingAnAnswerAreRewordingsOfOneFact() throws Exception {
        StringBuilder csv = new StringBuilder("question,answer\n");
        for (int i = 0; i < 200; i++) {
            csv.append("When does office ").append(i).append(" open?,Office ").append(i).append(" opens at nine.\n");
            csv.append("What are the hours of office ").append(i).append("?,office ").append(i)
                    .append(" opens at nine\n");
            csv.append("Is office ").append(i).append(" open in the morning?,Office ").append(i)
                    .append(" opens at nine.\n");
        }
        CollectingSink sink = new CollectingSink();
        IngestResult r = run(0.05, csv.toString(), sink);

        SplitAudit audit = SplitAudit.of(sink.examples);
        assertThat(audit.groups()).as("case and punctuation do not make two answers different").isEqualTo(200);
        assertThat(sink.examples).filteredOn(e -> e.prompt().startsWith("When does"))
                .allSatisfy(e -> assertThat(e.split()).isIn(Split.TRAIN, Split.TEST));
        assertThat(audit.heldOut(Split.TEST)).as("in-scope rewordings to test").isPositive();
        assertThat(audit.heldOut(Split.VALIDATION)).isPositive();
        assertThat(audit.probeGroups()).isBetween(2, 25);
        assertThat(audit.probeQuestions()).isEqualTo(3 * audit.probeGroups());
        assertThat(r.rowsRead()).isEqualTo(r.examples().total() + r.duplicates() + rejected(r));
    }

    @Test
    void aPlainFileWithUniqueAnswersTrainsEveryQuestionButTheProbes() throws Exception {
        StringBuilder csv = new StringBuilder("id,question,answer\n");
        for (int i = 0; i < 1000; i++) {
            csv.append(i).append(",Question number ").append(i).append("?,Answer number ").append(i).append(".\n");
        }
        CollectingSink sink = new CollectingSink();
        IngestResult r = run(0.05, csv.toString(), sink);

        SplitAudit audit = SplitAudit.of(sink.examples);
        assertThat(audit.groups()).isEqualTo(1000);
        assertThat(r.examples().validation()).isZero();
        // 5% of 1,000 groups: 50 probes expected, 7 the standard deviation
        assertThat(r.examples().test()).isEqualTo(audit.probeGroups()).isBetween(22L, 78L);
        assertThat(r.examples().train()).isEqualTo(1000 - r.examples().test());
        assertThat(answers(sink.examples, Split.TEST)).doesNotContainAnyElementsOf(answers(sink.examples, Split.TRAIN));
        assertThat(r.rowsRead()).isEqualTo(r.examples().total() + r.duplicates() + rejected(r));
    }

    @Test
    void probeGroupsGoWholeToTestAndAreNeverTrained() throws Exception {
        CollectingSink sink = new CollectingSink();
        run(0.05, withRewordings(1000, 3), sink);

        SplitAudit audit = SplitAudit.of(sink.examples);
        assertThat(audit.probeGroups()).isBetween(22, 78);
        assertThat(audit.probeQuestions()).isEqualTo(4 * audit.probeGroups());
        Set<String> trained = answers(sink.examples, Split.TRAIN);
        assertThat(sink.examples).filteredOn(e -> !trained.contains(e.completion())).hasSize(audit.probeQuestions())
                .extracting(Example::split).containsOnly(Split.TEST);

        CollectingSink none = new CollectingSink();
        run(0, withRewordings(1000, 3), none);
        assertThat(SplitAudit.of(none.examples).probeGroups()).isZero();

        CollectingSink all = new CollectingSink();
        run(1, withRewordings(1000, 3), all);
        assertThat(SplitAudit.of(all.examples).probeGroups()).as("the first group is taught: training is never empty")
                .isEqualTo(999);
    }

    @Test
    void theFirstQuestionKeptIsTrainedWhenTheGroupsFirstIsDropped() throws Exception {
        CollectingSink sink = new CollectingSink();
        IngestResult r = run(0, "question,answer,group\nShared?,A,h\nShared?,B,g\nFirst kept of g?,B,g\n"
                + "Second of g?,B,g\nshared,A,h\n", sink);

        assertThat(sink.examples).extracting(Example::prompt, Example::split).startsWith(
                org.assertj.core.groups.Tuple.tuple("Shared?", Split.TRAIN),
                org.assertj.core.groups.Tuple.tuple("First kept of g?", Split.TRAIN));
        assertThat(r.conflicts()).isEqualTo(1);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.rowsRead()).isEqualTo(r.examples().total() + r.duplicates() + rejected(r));
    }

    @Test
    void aSplitColumnStillWins() throws Exception {
        StringBuilder csv = new StringBuilder("question,answer,group,split,rewordings\n");
        List<Split> named = List.of(Split.TEST, Split.VALIDATION, Split.TRAIN);
        for (int i = 0; i < 300; i++) {
            csv.append("Q").append(i).append("?,A").append(i / 3).append(",g").append(i / 3).append(',')
                    .append(named.get(i % 3).name().toLowerCase(Locale.ROOT))
                    .append(",\"R").append(i).append("a?\nR").append(i).append("b?\"\n");
        }
        csv.append("Unnamed of g0?,A0,g0,,\nUnnamed of a new group?,Z,gz,,\n");
        CollectingSink sink = new CollectingSink();
        IngestResult r = run(1, csv.toString(), sink);

        assertThat(r.examples()).isEqualTo(new SplitCounts(301, 300, 301));
        assertThat(sink.examples.subList(0, 900)).allSatisfy(e -> assertThat(e.split())
                .isEqualTo(named.get((int) (e.sourceLine() - 2) / 2 % 3))); // two lines a row
        // every group is a probe at a share of 1 unless a named train row taught it: then its rewordings are held out
        assertThat(sink.examples.get(900).split()).as("g0 was taught").isEqualTo(Split.TRAIN);
        assertThat(sink.examples.get(901).split()).as("gz was not").isEqualTo(Split.TEST);
    }

    @Test
    void theSameFileSplitsTheSameWayOnEveryRun() throws Exception {
        String csv = withRewordings(500, 3);
        CollectingSink first = new CollectingSink();
        CollectingSink second = new CollectingSink();
        IngestResult r = run(0.05, csv, first);
        run(0.05, csv, second);

        assertThat(first.examples).extracting(Example::split)
                .isEqualTo(second.examples.stream().map(Example::split).toList());
        // pinned: the hashes are arithmetic on the text alone, so any machine and JVM gives these counts
        assertThat(r.examples()).isEqualTo(new SplitCounts(1593, 171, 236));
    }

    private static long rejected(IngestResult r) {
        return r.rejectedByReason().values().stream().mapToLong(Long::longValue).sum();
    }
}
