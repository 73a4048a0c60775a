package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** An evaluation as a table in the terminal: the three models, the outcome, and the worst questions. */
@Command(name = "report", description = "Show an evaluation report.")
public final class ReportCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "EVALUATION", description = "The evaluation id (ev-...).")
    String evaluationId;

    @Option(names = "--rows", defaultValue = "10", description = "How many of the worst questions to show.")
    int rows;

    @Override
    public Integer call() {
        String url = Endpoints.defaults().of(Service.EVAL) + "/evaluations/" + evaluationId;
        JsonNode report;
        try {
            report = common.api().get(url);
        } catch (Api.ApiException e) {
            System.err.println(e.getMessage());
            return e.status() == 0 ? TunepipeCli.UNAVAILABLE : TunepipeCli.FAILED;
        }
        if (common.json) {
            System.out.println(report);
        } else {
            ReportTable.print(report, evaluationId, rows, System.out);
            System.out.println("Page: " + url + "/report");
        }
        return "PROMOTED".equals(ReportTable.outcome(report)) ? 0 : TunepipeCli.FAILED;
    }
}
