package io.tunepipe.training.provider.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;

/** The local provider's job records on disk, one JSON file per job, shared by the instances of one machine. */
@ApplicationScoped
public class LocalJobRecords {

    @Inject
    LocalConfig config;
    @Inject
    ObjectMapper json;

    /** Writes the record whole, replacing the last one at once. */
    void save(LocalJob job) {
        try {
            Files.createDirectories(dir());
            Path tmp = dir().resolve(job.id + ".json.tmp");
            json.writeValue(tmp.toFile(), job);
            Files.move(tmp, dir().resolve(job.id + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record local job " + job.id, e);
        }
    }

    /** The job as its record last left it, if there is one. */
    Optional<LocalJob> read(String id) {
        Path file = dir().resolve(id + ".json");
        return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
    }

    /** The job created for this submission key, if any. */
    Optional<LocalJob> bySubmission(String submissionKey) {
        if (!Files.isDirectory(dir())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(f -> f.toString().endsWith(".json")).map(this::read)
                    .filter(j -> submissionKey.equals(j.submissionKey)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list local jobs", e);
        }
    }

    private LocalJob read(Path file) {
        try {
            return json.readValue(file.toFile(), LocalJob.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read local job record " + file, e);
        }
    }

    private Path dir() {
        return Path.of(config.dataDir()).resolve("jobs");
    }
}
