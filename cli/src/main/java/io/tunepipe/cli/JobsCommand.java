package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** The training jobs, newest first. */
@Command(name = "jobs", description = "List training jobs.")
public final class JobsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--dataset", description = "Only the jobs of this dataset.")
    String datasetId;

    @Override
    public Integer call() {
        JsonNode jobs;
        try {
            jobs = common.api().get(Endpoints.defaults().of(Service.TRAINING) + "/jobs"
                    + (datasetId == null ? "" : "?datasetId=" + datasetId));
        } catch (Api.ApiException e) {
            System.err.println(e.getMessage());
            return e.status() == 0 ? TunepipeCli.UNAVAILABLE : TunepipeCli.FAILED;
        }
        if (common.json) {
            System.out.println(jobs);
            return 0;
        }
        System.out.printf("%-16s %-16s %-8s %-18s %-12s %s%n", "job", "dataset", "provider", "base model", "status",
                "fine-tuned model");
        for (JsonNode j : jobs) {
            System.out.printf("%-16s %-16s %-8s %-18s %-12s %s%n", j.path("id").asText(), j.path("datasetId").asText(),
                    j.path("provider").asText(), j.path("baseModel").asText(), j.path("status").asText(),
                    j.path("fineTunedModel").asText(""));
        }
        return 0;
    }
}
