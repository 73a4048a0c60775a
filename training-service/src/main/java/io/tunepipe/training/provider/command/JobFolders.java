package io.tunepipe.training.provider.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.training.provider.ProviderException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The command provider's files: uploaded training files, and a folder per job with its record ({@code job.json}),
 * the trainer's progress file, logs, exit code (written by the shell that waits for the trainer) and output.
 */
final class JobFolders {

    private static final int TAIL_BYTES = 2000;

    private final Path root;
    private final ObjectMapper json;

    JobFolders(Path root, ObjectMapper json) {
        this.root = root;
        this.json = json;
    }

    /** Keeps a copy of an uploaded file (the queue deletes its own once uploaded); returns its id. */
    String store(Path jsonl) {
        String id = "file-command-" + shortId();
        try {
            Files.createDirectories(root.resolve("files"));
            Files.copy(jsonl, file(id), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ProviderException("upload_failed", "cannot store " + jsonl + ": " + e.getMessage(), 0, true,
                    null, e);
        }
        return id;
    }

    Path file(String fileId) {
        return root.resolve("files").resolve(fileId + ".jsonl").toAbsolutePath();
    }

    /** A new job's id and its folder, with the output directory in it. */
    String newJob() throws IOException {
        String id = "cmdjob-" + shortId();
        Files.createDirectories(output(id));
        return id;
    }

    Path folder(String jobId) {
        return root.resolve("jobs").resolve(jobId).toAbsolutePath();
    }

    Path output(String jobId) {
        return folder(jobId).resolve("output");
    }

    Path progress(String jobId) {
        return folder(jobId).resolve("progress.jsonl");
    }

    Path stdout(String jobId) {
        return folder(jobId).resolve("stdout.log");
    }

    Path stderr(String jobId) {
        return folder(jobId).resolve("stderr.log");
    }

    Path exitFile(String jobId) {
        return folder(jobId).resolve("exit-code");
    }

    void save(CommandJob job) {
        try {
            Path tmp = folder(job.id()).resolve("job.json.tmp");
            json.writeValue(tmp.toFile(), job);
            Files.move(tmp, folder(job.id()).resolve("job.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record command job " + job.id(), e);
        }
    }

    CommandJob read(String jobId) {
        Path file = folder(jobId).resolve("job.json");
        if (!jobId.startsWith("cmdjob-") || !Files.exists(file)) {
            throw new ProviderException("not_found", "No command job " + jobId + " in " + root, 404, false, null,
                    null);
        }
        try {
            return json.readValue(file.toFile(), CommandJob.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read command job " + jobId, e);
        }
    }

    Optional<CommandJob> bySubmissionKey(String submissionKey) {
        if (!Files.isDirectory(root.resolve("jobs"))) {
            return Optional.empty();
        }
        try (Stream<Path> folders = Files.list(root.resolve("jobs"))) {
            return folders.filter(f -> Files.exists(f.resolve("job.json")))
                    .map(f -> read(f.getFileName().toString()))
                    .filter(j -> submissionKey.equals(j.submissionKey())).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The trainer's exit code, once the shell waiting for it has written it. */
    OptionalInt exitCode(String jobId) {
        try {
            String code = Files.readString(exitFile(jobId)).strip();
            return OptionalInt.of(Integer.parseInt(code));
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** When the file was last written; null when it is not there. */
    Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    /** The last lines of the trainer's standard error, where trainers print why they failed. */
    String stderrTail(String jobId) {
        Path file = stderr(jobId);
        try (SeekableByteChannel in = Files.newByteChannel(file)) {
            long start = Math.max(0, in.size() - TAIL_BYTES);
            String text = new String(Channels.newInputStream(in.position(start)).readAllBytes(),
                    StandardCharsets.UTF_8);
            return (start > 0 ? "..." + text.substring(text.indexOf('\n') + 1) : text).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
