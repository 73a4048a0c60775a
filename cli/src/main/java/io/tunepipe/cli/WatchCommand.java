package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** Live progress of a dataset (or of the dataset of a training job) through the pipeline. */
@Command(name = "watch", description = "Follow a dataset or a training job until its evaluation.")
public final class WatchCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "DATASET|JOB", description = "A dataset id (ds-...) or a training job id.")
    String id;

    @Option(names = "--timeout", defaultValue = "PT6H", description = "How long to follow (ISO-8601).")
    Duration timeout;

    @Override
    public Integer call() {
        String datasetId = id;
        if (!id.startsWith("ds-")) {
            try {
                JsonNode job = common.api().get(Endpoints.defaults().of(Service.TRAINING) + "/jobs/" + id);
                datasetId = job.path("datasetId").asText(job.path("job").path("datasetId").asText());
            } catch (Api.ApiException e) {
                System.err.println(e.getMessage());
                return e.status() == 0 ? TunepipeCli.UNAVAILABLE : TunepipeCli.FAILED;
            }
        }
        return follow(common, datasetId, timeout);
    }

    static int follow(CommonOptions common, String datasetId, Duration timeout) {
        Map<String, Object> kafka;
        try {
            kafka = common.home().kafkaClientConfig();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return TunepipeCli.UNAVAILABLE;
        }
        RunSummary summary = new PipelineFollower(kafka, Endpoints.defaults(), common.api(),
                new ProgressDisplay(System.out, common.json)).follow(datasetId, timeout);
        SummaryPrinter.print(summary, common.json, System.out);
        return exitCode(summary);
    }

    /** 0 only for a promoted model; a held model, a failed evaluation or a stopped run exit with 1. */
    static int exitCode(RunSummary summary) {
        return summary.promoted() ? 0 : TunepipeCli.FAILED;
    }
}
