package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The supervisor of {@code up} against a real process: killed with SIGKILL, started again, counted in status. */
class SupervisorTest {

    @TempDir
    Path dir;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aKilledServiceIsStartedAgainAndItsRestartShowsInStatus() throws Exception {
        Home home = new Home(dir.resolve("home"));
        Files.createDirectories(home.pidFile().getParent());
        Files.writeString(home.pidFile(), Long.toString(ProcessHandle.current().pid())); // this test plays the up
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try (Supervisor supervisor = new Supervisor(home.supervisedFile(), new PrintStream(said, true))) {
            Supervisor.Starter starter = () -> startService(home);
            ProcessHandle first = starter.start();
            supervisor.supervise("ingest-service", first, starter);
            assertThat(Supervisor.readState(home.supervisedFile())).containsEntry("ingest-service.restarts", "0");

            first.destroyForcibly();

            await().atMost(Duration.ofSeconds(20)).until(() -> "1".equals(
                    Supervisor.readState(home.supervisedFile()).getProperty("ingest-service.restarts")));
            ProcessHandle second = supervisor.process("ingest-service").orElseThrow();
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(said.toString(StandardCharsets.UTF_8))
                    .contains("ingest-service exited (pid " + first.pid() + "); starting it again in 1 s")
                    .contains("ingest-service started again (pid " + second.pid() + ", restart 1)");

            JsonNode status = Api.json().readTree(status(home));
            assertThat(status.path("restarts").path("ingest-service").asInt()).isEqualTo(1);
            JsonNode process = status.path("processes").get(1);
            assertThat(process.path("pid").asLong()).isEqualTo(second.pid());
            assertThat(process.path("startedBy").asText()).isEqualTo("tunepipe up");
            assertThat(process.path("restarts").asInt()).isEqualTo(1);
        }
    }

    @Test
    void restartsWaitLongerAfterEachCrashInARowUpToHalfAMinute() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 20)).map(Supervisor::backoff).map(Duration::toSeconds)
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    private ProcessHandle startService(Home home) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path classes = Path.of(IdleService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ProcessHandle p = new ProcessBuilder(java, HomeProcesses.mark(home), HomeProcesses.name("ingest-service"),
                "-Xmx32m", "-cp", classes.toString(), IdleService.class.getName()).start().toHandle();
        started.add(p);
        return p;
    }

    /** {@code status --json} run in this JVM, as printed. */
    private static String status(Home home) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new CommandLine(new TunepipeCli()).execute("status", "--json", "--home", home.dir().toString());
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
