package io.tunepipe.training.provider.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a trainer wrote to its progress file, one JSON object a line: {@code {"epoch", "step", "loss"}} (and any
 * further numbers, such as {@code valid_loss}) is a metrics event, a checkpoint too when it names one
 * ({@code "checkpoint": "path or model"}); {@code {"model": "name"}} names the fine-tuned model;
 * {@code {"message": "..."}} is a message event. {@code "time"} (ISO-8601) dates a line, else the file's time.
 *
 * @param model the last model name written, or null
 */
record Progress(List<ProviderEvent> events, List<ProviderCheckpoint> checkpoints, String model) {

    /** Reads the complete lines (a line being written has no newline yet); lines that are not JSON are skipped. */
    static Progress read(Path file, String jobId, Instant fileTime, ObjectMapper json) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return new Progress(List.of(), List.of(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ProviderEvent> events = new ArrayList<>();
        List<ProviderCheckpoint> checkpoints = new ArrayList<>();
        String model = null;
        List<String> lines = text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
        for (int n = 0; n < lines.size(); n++) {
            JsonNode line = parse(json, lines.get(n));
            if (line == null) {
                continue;
            }
            Instant at = time(line, fileTime);
            String eventId = jobId + "-progress-" + n;
            if (line.path("model").isTextual()) {
                model = line.get("model").asText();
            }
            if (line.path("step").isNumber()) {
                metrics(line, eventId, at, jobId, events, checkpoints);
            } else if (line.path("message").isTextual()) {
                events.add(new ProviderEvent(eventId, at, line.path("level").asText("info"), "message",
                        line.get("message").asText(), Map.of()));
            }
        }
        return new Progress(events, checkpoints, model);
    }

    private static void metrics(JsonNode line, String eventId, Instant at, String jobId, List<ProviderEvent> events,
            List<ProviderCheckpoint> checkpoints) {
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        line.fields().forEachRemaining(f -> {
            if (f.getValue().isNumber()) {
                String key = f.getKey().equals("loss") ? "train_loss" : f.getKey();
                data.put(key, f.getValue().numberValue());
                metrics.put(key, f.getValue().asDouble());
            }
        });
        long step = line.get("step").asLong();
        String loss = data.containsKey("train_loss")
                ? String.format(Locale.ROOT, ": training loss=%.4f", metrics.get("train_loss")) : "";
        String epoch = line.has("epoch") ? " (epoch " + line.get("epoch").asText() + ")" : "";
        events.add(new ProviderEvent(eventId, at, "info", "metrics", "Step " + step + epoch + loss, data));
        if (line.path("checkpoint").isTextual()) {
            checkpoints.add(new ProviderCheckpoint(jobId + "-ckpt-" + step, at, step,
                    line.get("checkpoint").asText(), metrics));
        }
    }

    private static JsonNode parse(ObjectMapper json, String line) {
        try {
            JsonNode node = json.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Instant time(JsonNode line, Instant fallback) {
        try {
            return line.path("time").isTextual() ? Instant.parse(line.get("time").asText()) : fallback;
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
