package io.tunepipe.cli;

import io.tunepipe.localstack.LocalStack;
import io.tunepipe.localstack.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code down} and {@code status} against real processes whose command line names a home as services' does. */
class DownCommandTest {

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void downStopsAServiceStartedByHandAndLeavesNoTunepipeProcessUnderItsHome() throws Exception {
        Home home = new Home(dir.resolve("home"));
        Process byHand = startService(home);
        Process otherHome = startService(new Home(dir.resolve("other")));
        Files.createDirectories(home.pidFile().getParent());
        Files.writeString(home.pidFile(), Long.toString(finishedPid())); // an up that was killed

        assertThat(HomeProcesses.of(home)).extracting(HomeProcesses.Found::pid).containsExactly(byHand.pid());
        String status = run("status", "--json", "--home", home.dir().toString());
        assertThat(status).contains("\"pid\":" + byHand.pid()).doesNotContain("\"pid\":" + otherHome.pid());

        String down = run("down", "--home", home.dir().toString());

        assertThat(down).contains("stopping java (pid " + byHand.pid() + ")").contains("removed the stale pid file");
        assertThat(byHand.isAlive()).isFalse();
        assertThat(HomeProcesses.of(home)).isEmpty();
        assertThat(home.pidFile()).doesNotExist();
        assertThat(otherHome.isAlive()).isTrue();
        assertThat(run("down", "--home", home.dir().toString())).contains("tunepipe is not running");
    }

    @Test
    void theLocalStacksPostgresqlIsFoundByItsDataFolderUnderTheHome() throws Exception {
        Home home = new Home(dir.resolve("home"));
        try (PostgresServer postgres = PostgresServer.start(home.stackDir().resolve("postgres"),
                LocalStack.freePort(), true)) {
            assertThat(HomeProcesses.of(home)).extracting(HomeProcesses.Found::name).containsExactly("postgres");
            assertThat(HomeProcesses.of(new Home(dir.resolve("other")))).isEmpty();
        }
        assertThat(HomeProcesses.of(home)).isEmpty();
    }

    private Process startService(Home home) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path classes = Path.of(IdleService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process p = new ProcessBuilder(java, HomeProcesses.mark(home), "-Xmx32m", "-cp", classes.toString(),
                IdleService.class.getName()).start();
        started.add(p);
        return p;
    }

    private static long finishedPid() throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version").start();
        p.waitFor();
        return p.pid();
    }

    /** Runs a command in this JVM and returns what it printed. */
    private static String run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new CommandLine(new TunepipeCli()).execute(args);
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
