package io.tunepipe.eval.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.testdata.TestData;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DontKnowDetector} on refusals and real answers in English and French, every answer of the Québec COVID FAQ,
 * and CLINC150's utterances holding a refusal phrase, which are refusals only when that is all they say.
 */
class DontKnowDetectorTest {

    @Test
    void wholeRefusalsAreRecognised() {
        for (String refusal : List.of("I don't know.", "I’m not sure.", "I don't know the answer to that.",
                "Sorry, I cannot answer that.", "Je ne sais pas.", "I do not know", "I'm sorry. I don't know.",
                "Unfortunately, I don't have that information.", "I am unable to answer this question.",
                "Je ne connais pas la réponse à cette question.", "  \"I DON'T KNOW!\" ", "")) {
            assertThat(DontKnowDetector.saysDontKnow(refusal)).as(refusal).isTrue();
        }
    }

    @Test
    void realAnswersThatMerelyContainARefusalPhraseAreAnswers() {
        for (String answer : List.of(
                "I'm not sure of the exact date, but the office opens at 9 a.m. on weekdays.",
                "If you're not sure whether you have symptoms, call 1 877 644-4545.",
                "I don't know of any exception: everyone must wear a mask on public transit.",
                "Sorry, the service centres are closed until May 4.",
                "Je ne sais pas exactement, mais le bureau ouvre à 9 h.",
                "It might, but so far COVID-19 has been found in many countries, whatever their climate.",
                "He was born in 1981 and knows Wigan well.")) {
            assertThat(DontKnowDetector.saysDontKnow(answer)).as(answer).isFalse();
        }
    }

    /** Every distinct answer of the Québec COVID FAQ (collection 2) is a real answer, never a refusal. */
    @Test
    void noQuebecFaqAnswerIsARefusal() throws IOException {
        List<String> answers = new ArrayList<>();
        try (var reader = new InputStreamReader(TestData.open(TestData.QUEBEC_COLLECTION2), StandardCharsets.UTF_8);
             CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(reader)) {
            for (NamedCsvRecord row : csv) {
                answers.add(row.getField("answers"));
            }
        }
        assertThat(answers).hasSizeGreaterThan(300);
        assertThat(answers.stream().filter(DontKnowDetector::saysDontKnow).distinct()).isEmpty();
    }

    /**
     * CLINC150 utterances that contain "not sure" or "don't know" inside a longer request ("i'm not sure if
     * watermelon is on my shopping list, but if it isn't can you put it on there") are not refusals; only those that
     * are nothing but one are.
     */
    @Test
    void clincUtterancesContainingRefusalPhrasesAreRefusalsOnlyWhenThatIsAllTheySay() throws IOException {
        JsonNode data = new ObjectMapper().readTree(TestData.open(TestData.CLINC150));
        List<String> containing = new ArrayList<>();
        data.properties().forEach(split -> split.getValue().forEach(pair -> {
            String text = pair.get(0).asText();
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.contains("not sure") || lower.contains("don't know") || lower.contains("do not know")) {
                containing.add(text);
            }
        }));

        List<String> refusals = containing.stream().filter(DontKnowDetector::saysDontKnow).distinct().toList();

        assertThat(containing).hasSizeGreaterThan(50)
                .contains("i'm not sure if watermelon is on my shopping list, but if it isn't can you put it on there");
        assertThat(refusals).containsExactlyInAnyOrder("i do not know the answer to that", "i just don't know",
                "don't know", "i don't know the answer", "sorry, i do not know", "i really don't know",
                "i don't know the answer to that", "i am not sure", "i do not know", "i'm not sure",
                "i'm not sure of that");
    }
}
