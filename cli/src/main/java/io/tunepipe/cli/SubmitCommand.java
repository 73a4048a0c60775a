package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Sends a CSV to ingest-service, with a column mapping, and optionally follows it to its evaluation. */
@Command(name = "submit", description = "Submit a CSV file to a running tunepipe.")
public final class SubmitCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "FILE", description = "The CSV file.")
    Path file;

    @Option(names = "--name", description = "Dataset name (default: the file name).")
    String name;

    @Option(names = "--question", description = "Column holding the question (default: found from the header).")
    String question;

    @Option(names = "--answer", description = "Column holding the answer (default: found from the header).")
    String answer;

    @Option(names = "--system", description = "Column holding a system message.")
    String system;

    @Option(names = "--group", description = "Column grouping rewordings of one question.")
    String group;

    @Option(names = "--split", description = "Column naming each row's split (train, validation, test).")
    String split;

    @Option(names = "--variants", description = "Comma-separated columns whose cells hold rewordings, one per line.")
    String variants;

    @Option(names = "--force", description = "Ingest even if the same content was ingested before.")
    boolean force;

    @Option(names = "--watch", description = "Follow the dataset until its evaluation.")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        Map<String, String> query = new HashMap<>();
        query.put("name", name != null ? name : file.getFileName().toString());
        query.put("question", question);
        query.put("answer", answer);
        query.put("system", system);
        query.put("group", group);
        query.put("split", split);
        query.put("variants", variants);
        query.put("force", Boolean.toString(force));
        Endpoints endpoints = Endpoints.defaults();
        JsonNode dataset;
        try {
            dataset = common.api().upload(endpoints.of(Service.INGEST) + "/datasets", file, query);
        } catch (Api.ApiException e) {
            System.err.println(e.getMessage());
            return e.status() == 0 ? TunepipeCli.UNAVAILABLE : TunepipeCli.FAILED;
        }
        if (common.json) {
            System.out.println(dataset);
        } else {
            System.out.println("dataset " + dataset.path("id").asText() + " (" + dataset.path("status").asText() + ")"
                    + (dataset.path("duplicateOfRequest").asBoolean()
                            ? ": same content as before, not ingested again" : ""));
        }
        if (!watch) {
            return 0;
        }
        return WatchCommand.follow(common, dataset.path("id").asText(), Duration.ofHours(6));
    }
}
