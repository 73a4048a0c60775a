package io.tunepipe.augment.paraphrase;

import io.tunepipe.text.SentenceEmbedder;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineParaphraserTest {

    private static final OfflineParaphraser PARAPHRASER = new OfflineParaphraser();
    private final CandidateFilter filter = new CandidateFilter(SentenceEmbedder.shared(), 0.75, 0.985, 5);

    @Test
    void rewritesQuestionFormsAndKeepsNamesAndNumbers() {
        List<String> candidates = PARAPHRASER.candidates("When was Jonny Whizbang born?");
        assertThat(candidates).contains("What is Jonny Whizbang's date of birth?");
        assertThat(PARAPHRASER.candidates("How do I renew my licence in 2024?"))
                .contains("What is the way to renew my licence in 2024?")
                .allSatisfy(c -> assertThat(c).contains("2024"));
        assertThat(PARAPHRASER.candidates("Est-ce que je peux voyager au Québec ?")).contains("Puis-je voyager au Québec ?");
        assertThat(PARAPHRASER.candidates("What is Jonny Whizbang known for?"))
                .allSatisfy(c -> assertThat(c).contains("Jonny").contains("Whizbang"));
    }

    @Test
    void theFilterKeepsTheBandAndRejectsCopiesAnswersAndDuplicates() {
        Set<String> dataset = new HashSet<>(Set.of(CandidateFilter.key("What year was Jonny born?")));
        CandidateFilter.Outcome outcome = filter.filter("When was Jonny Whizbang born?", "On 14 February 1962.",
                List.of("When was Jonny Whizbang born ?", "What year was Jonny born?", "What is Jonny Whizbang's date of birth?",
                        "How do volcanoes form?", "Jonny was born on 14 February 1962."), dataset);

        assertThat(outcome.kept()).containsExactly("What is Jonny Whizbang's date of birth?");
        assertThat(outcome.rejected()).containsEntry("identical", 1L).containsEntry("duplicate", 1L)
                .containsEntry("meaning-drifted", 1L).containsEntry("contains-answer", 1L);
        assertThat(dataset).contains(CandidateFilter.key("What is Jonny Whizbang's date of birth?"));
    }

    /** The Québec canonical questions: how many get at least three kept rewordings. */
    @Test
    void quebecCanonicalQuestions() throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(quebec());
             CSVParser parser = CSVParser.builder().setReader(in)
                     .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            for (CSVRecord r : parser) {
                rows.add(new String[] {r.get("questions").strip(), r.get("answers").strip()});
            }
        }
        Set<String> known = new HashSet<>();
        rows.forEach(r -> known.add(CandidateFilter.key(r[0])));
        int withThree = 0;
        for (String[] row : rows) {
            CandidateFilter.Outcome outcome = filter.filter(row[0], row[1], PARAPHRASER.candidates(row[0]), known);
            assertThat(outcome.kept()).allSatisfy(k -> assertThat(k).isNotEqualTo(row[0]));
            withThree += outcome.kept().size() >= 3 ? 1 : 0;
        }
        double share = (double) withThree / rows.size();
        System.out.printf("Quebec canonical questions with >= 3 kept rewordings: %d of %d (%.1f%%)%n", withThree,
                rows.size(), 100 * share);
        assertThat(share).isGreaterThanOrEqualTo(0.9);
    }

    private static Path quebec() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared/data/quebec-covid-faq/collection2_a1571487.csv");
            if (Files.exists(candidate)) {
                return candidate;
            }
            candidate = dir.resolve("../shared/data/quebec-covid-faq/collection2_a1571487.csv").normalize();
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("shared/data not found");
    }
}
