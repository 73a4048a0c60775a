package io.tunepipe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code doctor}'s checks against the real machine: a port held by a socket, a stale pid file, an old Java. */
class DoctorCommandTest {

    @TempDir
    Path dir;

    @Test
    void aPortHeldByAnotherProgramIsReportedWithWhatToDo() throws Exception {
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int offset = held.getLocalPort() - Service.INGEST.defaultPort();
            PrintStream out = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = new CommandLine(new TunepipeCli()).execute("doctor", "--home", dir.resolve("home").toString(),
                        "--root", dir.toString(), "--port-offset", Integer.toString(offset));
            } finally {
                System.setOut(out);
            }
            String printed = captured.toString(StandardCharsets.UTF_8);

            assertThat(code).isEqualTo(TunepipeCli.FAILED);
            assertThat(printed).contains("PROBLEM port " + held.getLocalPort() + " (ingest-service)")
                    .contains("sport = :" + held.getLocalPort())
                    .contains("--port-offset " + (offset + 100))
                    .contains("not packaged: ingest-service").contains("./mvnw install -DskipTests");
        }
    }

    @Test
    void aFreePortPasses() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Checkup checkup = new Checkup(new Home(dir), dir, dir);

        assertThat(checkup.ports(Map.of("kafka", port), Map.of("kafka", "--kafka-port 1"))).singleElement()
                .satisfies(f -> assertThat(f.ok()).isTrue());
    }

    @Test
    void stalePidFilesAreProblemsWithAdvice() throws Exception {
        Home home = new Home(dir);
        Process gone = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version").start();
        gone.waitFor();
        Files.createDirectories(home.pidFile().getParent());
        Files.writeString(home.pidFile(), Long.toString(gone.pid()));
        Path postmaster = home.stackDir().resolve("postgres/postmaster.pid");
        Files.createDirectories(postmaster.getParent());
        Files.writeString(postmaster, gone.pid() + "\n" + home.stackDir() + "\n");

        assertThat(new Checkup(home, dir, dir).stack()).extracting(Checkup.Finding::check, Checkup.Finding::ok)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("local stack", false),
                        org.assertj.core.groups.Tuple.tuple("postgresql", false));
        assertThat(new Checkup(home, dir, dir).stack().get(0).advice()).contains("tunepipe down");
    }

    @Test
    void javaOlderThan17IsAProblem() {
        assertThat(Checkup.java(Runtime.Version.parse("11.0.2")).ok()).isFalse();
        assertThat(Checkup.java(Runtime.Version.parse("11.0.2")).advice()).contains("JDK 17");
        assertThat(Checkup.java(Runtime.version()).ok()).isTrue();
    }
}
