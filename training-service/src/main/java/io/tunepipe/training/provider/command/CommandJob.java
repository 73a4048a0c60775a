package io.tunepipe.training.provider.command;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The record of one run of the external trainer, kept as JSON in its job folder so that it outlives the service.
 *
 * @param placeholders the values the command line and the model name template were filled with
 * @param pid          the trainer's process (the shell that waits for it and writes its exit code); null before
 * @param processStart when that process started, to tell it from a later process that got the same pid
 */
public record CommandJob(String id, String submissionKey, String baseModel, Map<String, String> placeholders,
        Long pid, Instant processStart, Instant createdAt, boolean cancelRequested) {

    CommandJob started(ProcessHandle process) {
        return new CommandJob(id, submissionKey, baseModel, placeholders, process.pid(),
                process.info().startInstant().orElse(null), createdAt, cancelRequested);
    }

    CommandJob cancelling() {
        return new CommandJob(id, submissionKey, baseModel, placeholders, pid, processStart, createdAt, true);
    }

    /** The trainer's process while it runs, found again by pid after a restart; empty once it has ended. */
    Optional<ProcessHandle> running() {
        if (pid == null) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> processStart == null
                || p.info().startInstant().map(s -> Duration.between(s, processStart).abs().getSeconds() < 1)
                .orElse(true));
    }
}
