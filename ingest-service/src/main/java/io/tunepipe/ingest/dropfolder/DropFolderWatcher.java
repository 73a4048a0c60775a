package io.tunepipe.ingest.dropfolder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.scheduler.Scheduled;
import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.ingest.config.IngestConfig;
import io.tunepipe.ingest.repository.Dataset;
import io.tunepipe.ingest.service.IngestFinished;
import io.tunepipe.ingest.service.IngestService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Watches the drop folder: a file is picked up once its size and modification time have stayed the same for the
 * quiet period (so one still being written is left alone), ingested from {@code processing/}, then moved to
 * {@code done/} or {@code failed/} with a {@code .report.json} beside it. An optional mapping file next to it,
 * {@code faq.mapping.json} or {@code faq.csv.mapping.json} for {@code faq.csv}, gives its column mapping and moves
 * with it.
 */
@ApplicationScoped
public class DropFolderWatcher {

    static final String MAPPING_SUFFIX = ".mapping.json";
    private static final Logger LOG = Logger.getLogger(DropFolderWatcher.class);

    @Inject
    IngestConfig config;
    @Inject
    IngestService ingest;

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<Path, Observed> observed = new ConcurrentHashMap<>();

    /** Size and modification time of a file when first seen in that state. */
    private record Observed(long size, long modified, Instant since) {
    }

    public Path dropDir() {
        return config.dataDir().resolve(config.dropDir());
    }

    @Scheduled(every = "${tunepipe.ingest.drop-scan-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scan() throws IOException {
        Path drop = dropDir();
        for (String sub : List.of("processing", "done", "failed")) {
            Files.createDirectories(drop.resolve(sub));
        }
        List<Path> candidates;
        try (Stream<Path> files = Files.list(drop)) {
            candidates = files.filter(DropFolderWatcher::isPlainFile).filter(DropFolderWatcher::isDataFile).toList();
        }
        observed.keySet().retainAll(candidates);
        for (Path file : candidates) {
            if (settled(file)) {
                observed.remove(file);
                pickUp(file);
            }
        }
    }

    private boolean settled(Path file) throws IOException {
        long size = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        Observed before = observed.get(file);
        if (before == null || before.size() != size || before.modified() != modified) {
            observed.put(file, new Observed(size, modified, Instant.now()));
            return false;
        }
        return before.since().plus(config.dropQuietPeriod()).isBefore(Instant.now());
    }

    private void pickUp(Path file) {
        String name = file.getFileName().toString();
        Path drop = dropDir();
        Path processing = drop.resolve("processing").resolve(UUID.randomUUID().toString().substring(0, 8) + "-" + name);
        try {
            ColumnMapping mapping = readMapping(file);
            Files.move(file, processing, StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("picked up %s from the drop folder", name);
            var submission = ingest.submit(name, Dataset.Source.FOLDER, processing, mapping, false);
            if (submission.duplicate()) {
                settle(processing, submission.dataset(), true);
            }
        } catch (Exception e) {
            LOG.errorf(e, "cannot pick up %s", name);
            try {
                Path failed = Files.exists(processing) ? processing : file;
                moveWithReport(failed, drop.resolve("failed"), Map.of("file", name, "status", "REJECTED",
                        "reason", "The file could not be picked up: " + e.getMessage()));
            } catch (IOException moveFailure) {
                LOG.errorf(moveFailure, "cannot move %s to failed/", name);
            }
        }
    }

    void onFinished(@Observes IngestFinished finished) {
        Dataset dataset = finished.dataset();
        if (dataset.source == Dataset.Source.FOLDER) {
            Path file = Path.of(dataset.filePath);
            if (Files.exists(file)) {
                settle(file, dataset, false);
            }
        }
    }

    private void settle(Path file, Dataset dataset, boolean duplicate) {
        boolean ok = dataset.status == Dataset.Status.INGESTED;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", originalName(file));
        report.put("datasetId", dataset.id);
        report.put("status", duplicate ? "DUPLICATE" : dataset.status.name());
        if (duplicate) {
            report.put("reason", "Same content as dataset " + dataset.id + "; not ingested again.");
        }
        if (dataset.reason != null) {
            report.put("reason", dataset.reason);
        }
        report.put("rowsRead", dataset.rowsRead);
        report.put("examples", Map.of("train", dataset.trainCount, "validation", dataset.validationCount,
                "test", dataset.testCount));
        report.put("rejected", dataset.rejectedCount);
        report.put("duplicates", dataset.duplicates);
        report.put("conflicts", dataset.conflicts);
        try {
            moveWithReport(file, dropDir().resolve(ok || duplicate ? "done" : "failed"), report);
        } catch (IOException e) {
            LOG.errorf(e, "cannot move %s out of processing/", file);
        }
    }

    private void moveWithReport(Path file, Path targetDir, Map<String, ?> report) throws IOException {
        String name = originalName(file);
        Path target = targetDir.resolve(name);
        if (Files.exists(target)) {
            target = targetDir.resolve(Instant.now().toEpochMilli() + "-" + name);
        }
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        // written aside, then moved in one step: whoever waits for the report never reads half of it
        Path reportFile = target.resolveSibling(target.getFileName() + ".report.json");
        Path partial = target.resolveSibling("." + reportFile.getFileName() + ".partial");
        json.writeValue(partial.toFile(), report);
        Files.move(partial, reportFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path mapping = mappingOf(dropDir(), name);
        if (mapping != null) {
            Files.move(mapping, target.resolveSibling(target.getFileName() + MAPPING_SUFFIX),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private ColumnMapping readMapping(Path file) throws IOException {
        Path mapping = mappingOf(file.getParent(), file.getFileName().toString());
        return mapping != null ? json.readValue(mapping.toFile(), ColumnMapping.class) : ColumnMapping.detect();
    }

    /** The mapping of data file {@code name} in {@code dir}: NAME.mapping.json, else STEM.mapping.json, or null. */
    private static Path mappingOf(Path dir, String name) {
        int dot = name.lastIndexOf('.');
        for (String base : dot > 0 ? List.of(name, name.substring(0, dot)) : List.of(name)) {
            Path mapping = dir.resolve(base + MAPPING_SUFFIX);
            if (isPlainFile(mapping)) {
                return mapping;
            }
        }
        return null;
    }

    /** Files in {@code processing/} carry an 8-character prefix that keeps same-named drops apart. */
    private static String originalName(Path file) {
        String name = file.getFileName().toString();
        return file.getParent() != null && file.getParent().getFileName().toString().equals("processing")
                && name.length() > 9 && name.charAt(8) == '-' ? name.substring(9) : name;
    }

    /** A regular file that is not a symbolic link: a link could hand the service any file it may read. */
    private static boolean isPlainFile(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean isDataFile(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && !name.endsWith(MAPPING_SUFFIX) && !name.endsWith(".report.json")
                && !name.endsWith(".part") && !name.endsWith(".tmp");
    }
}
