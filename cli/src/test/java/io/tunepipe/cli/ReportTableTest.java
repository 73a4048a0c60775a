package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tunepipe report}: eval-service's JSON report as three columns and an outcome, whatever fields it lacks. */
class ReportTableTest {

    private static JsonNode json(String text) throws Exception {
        return Api.json().readTree(text.replace('\'', '"'));
    }

    private static String printed(JsonNode report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReportTable.print(report, "ev-1", 1, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aReportWithThreeModelsAndAVerdictIsPrintedInThreeColumns() throws Exception {
        JsonNode report = json("""
                {'datasetId': 'ds-1', 'status': 'COMPLETED', 'reason': null, 'promoted': false,
                 'verdict': {'outcome': 'HELD', 'reason': 'not better than base with retrieval',
                             'metric': 'exact_match', 'delta': 0.5, 'pValue': 0.0001, 'retrievalDelta': -0.02,
                             'retrievalPValue': 0.5, 'beatsRetrieval': false},
                 'models': [
                   {'role': 'fine-tuned', 'accuracy': 0.62, 'overallAccuracy': 0.65, 'inScopeRefusalRate': 0.01,
                    'outOfScopeRefusalRate': 0.9,
                    'exactMatch': 0.6, 'tokenF1': 0.7, 'errors': 0},
                   {'role': 'base', 'accuracy': 0.12, 'inScopeRefusalRate': 1.0, 'outOfScopeRefusalRate': 1.0,
                    'exactMatch': 0.0, 'tokenF1': 0.02, 'errors': 0},
                   {'role': 'base+retrieval', 'accuracy': 0.64, 'inScopeRefusalRate': 0.0,
                    'outOfScopeRefusalRate': 0.1, 'exactMatch': 0.62, 'tokenF1': 0.72, 'errors': 2}],
                 'rows': [{'question': 'Who is Jonny?', 'fineTunedAnswer': 'An inventor.', 'fineTunedF1': 0.25,
                           'fineTunedRight': false},
                          {'question': 'second', 'fineTunedAnswer': 'not shown', 'fineTunedF1': 0.5}]}
                """);

        assertThat(printed(report)).contains(
                "Evaluation ev-1 of dataset ds-1 (COMPLETED)",
                "                                      base  base+retrieval      fine-tuned",
                "  accuracy                           12.0%           64.0%           62.0%",
                "  in-scope refusals                 100.0%            0.0%            1.0%",
                "  out-of-scope refusals             100.0%           10.0%           90.0%",
                "  errors                                 0               2               0",
                "Fine-tuned vs base: +50.0 points (p < 0.001)",
                "Fine-tuned vs base+retrieval: -2.0 points (p = 0.500): fine-tuning did not beat retrieval",
                "Outcome: HELD, not better than base with retrieval",
                "  accuracy incl. probes                  -               -           65.0%",
                "  F1 0.25 wrong  Who is Jonny?\n      -> An inventor.").doesNotContain("second");
        assertThat(ReportTable.outcome(report)).isEqualTo("HELD");
    }

    @Test
    void missingFieldsPrintAsDashesAndAnOldReportStillHasAnOutcome() throws Exception {
        JsonNode report = json("""
                {'datasetId': 'ds-1', 'promoted': true, 'verdictDelta': 0.4,
                 'models': [{'role': 'base', 'exactMatch': 0.0}, {'role': 'fine-tuned', 'exactMatch': 0.8}]}
                """);

        assertThat(printed(report)).contains(
                "  accuracy                               -       not asked               -",
                "  exact match                         0.0%       not asked           80.0%",
                "Fine-tuned vs base: +40.0 points (p unknown)",
                "Outcome: PROMOTED").doesNotContain("base+retrieval:", "Worst");
        assertThat(ReportTable.outcome(report)).isEqualTo("PROMOTED");
        assertThat(ReportTable.outcome(json("{'status': 'FAILED', 'reason': 'no model'}"))).isEqualTo("FAILED");
        assertThat(ReportTable.outcome(json("{}"))).isNull();
    }
}
