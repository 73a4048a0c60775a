package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.Locale;

/**
 * eval-service's JSON report of an evaluation as a terminal table: base, base with retrieval and fine-tuned side by
 * side, the outcome with its reason, and the worst fine-tuned answers. A field the report lacks prints as "-".
 */
final class ReportTable {

    private ReportTable() {
    }

    /** PROMOTED, HELD or FAILED; from the {@code promoted} flag of a report written before outcomes existed. */
    static String outcome(JsonNode report) {
        String outcome = text(report, "outcome");
        if (outcome != null) {
            return outcome;
        }
        if ("FAILED".equals(text(report, "status"))) {
            return "FAILED";
        }
        JsonNode promoted = report.path("promoted");
        return promoted.isBoolean() ? (promoted.asBoolean() ? "PROMOTED" : "HELD") : null;
    }

    static void print(JsonNode report, String evaluationId, int rows, PrintStream out) {
        out.println("Evaluation " + evaluationId + " of dataset " + report.path("datasetId").asText("-") + " ("
                + report.path("status").asText("-") + ")");
        JsonNode[] models = SummaryPrinter.ROLES.stream().map(role -> model(report, role)).toArray(JsonNode[]::new);
        out.printf(Locale.ROOT, "  %-24s %15s %15s %15s%n", "", SummaryPrinter.ROLES.get(0),
                SummaryPrinter.ROLES.get(1), SummaryPrinter.ROLES.get(2));
        row(out, "accuracy", models, "accuracy");
        row(out, "accuracy incl. probes", models, "overallAccuracy");
        row(out, "in-scope refusals", models, "inScopeRefusalRate");
        row(out, "out-of-scope refusals", models, "outOfScopeRefusalRate");
        row(out, "exact match", models, "exactMatch");
        row(out, "token F1", models, "tokenF1");
        StringBuilder errors = new StringBuilder(String.format(Locale.ROOT, "  %-24s", "errors"));
        for (JsonNode m : models) {
            errors.append(String.format(Locale.ROOT, " %15s", m == null ? "not asked" : m.path("errors").asText("-")));
        }
        out.println(errors);
        verdict(report, out);
        worstAnswers(report, rows, out);
    }

    private static void verdict(JsonNode report, PrintStream out) {
        Double delta = number(report, "delta", "verdictDelta");
        if (delta != null) {
            out.println("Fine-tuned vs base: " + SummaryPrinter.points(delta) + " ("
                    + SummaryPrinter.p(number(report, "pValue", "verdictPValue")) + ")");
        }
        Double retrievalDelta = number(report, "retrievalDelta");
        JsonNode beats = field(report, "beatsRetrieval");
        if (retrievalDelta != null || beats.isBoolean()) {
            out.println("Fine-tuned vs base+retrieval: " + (retrievalDelta == null ? "-"
                    : SummaryPrinter.points(retrievalDelta)) + " (" + SummaryPrinter.p(number(report,
                    "retrievalPValue")) + ")" + (beats.isBoolean() ? ": fine-tuning "
                    + (beats.asBoolean() ? "beat" : "did not beat") + " retrieval" : ""));
        }
        String outcome = outcome(report);
        String reason = text(report, "reason");
        out.println("Outcome: " + (outcome == null ? "-" : outcome) + (reason == null ? "" : ", " + reason));
    }

    private static void worstAnswers(JsonNode report, int rows, PrintStream out) {
        if (report.path("rows").isEmpty()) {
            return;
        }
        out.println("Worst fine-tuned answers:");
        int shown = 0;
        for (JsonNode r : report.path("rows")) {
            if (shown++ >= rows) {
                break;
            }
            JsonNode right = r.path("fineTunedRight");
            out.printf(Locale.ROOT, "  F1 %.2f%s  %s%n      -> %s%n", r.path("fineTunedF1").asDouble(),
                    right.isBoolean() ? (right.asBoolean() ? " right" : " wrong") : "", r.path("question").asText(),
                    r.path("fineTunedAnswer").asText(r.path("error").asText("")));
        }
    }

    private static void row(PrintStream out, String name, JsonNode[] models, String field) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-24s", name));
        for (JsonNode m : models) {
            JsonNode value = m == null ? null : m.path(field);
            line.append(String.format(Locale.ROOT, " %15s", m == null ? "not asked"
                    : value.isNumber() ? SummaryPrinter.percent(value.asDouble()) : "-"));
        }
        out.println(line);
    }

    private static JsonNode model(JsonNode report, String role) {
        for (JsonNode m : report.path("models")) {
            if (role.equals(m.path("role").asText())) {
                return m;
            }
        }
        return null;
    }

    /** A verdict field, at the top of the report or inside its {@code verdict} object. */
    private static JsonNode field(JsonNode report, String name) {
        JsonNode top = report.path(name);
        return top.isMissingNode() || top.isNull() ? report.path("verdict").path(name) : top;
    }

    private static String text(JsonNode report, String name) {
        JsonNode value = field(report, name);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    /** The first of the names the report has a number for. */
    private static Double number(JsonNode report, String... names) {
        for (String name : names) {
            JsonNode value = field(report, name);
            if (value.isNumber()) {
                return value.asDouble();
            }
        }
        return null;
    }
}
