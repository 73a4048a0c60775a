package io.tunepipe.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code tunepipe up} needs of this machine, each checked and, when it fails, told with what to do: Java, free
 * ports, disk under the home, the build in the Maven cache, and the local stack's state (running, stale pid files,
 * processes left over).
 */
public final class Checkup {

    static final int JAVA_FEATURE = 17;
    static final long MIN_FREE_BYTES = 2L * 1024 * 1024 * 1024;

    /** The outcome of one check; {@code advice} is null when it passed. */
    public record Finding(String check, boolean ok, String detail, String advice) {

        static Finding ok(String check, String detail) {
            return new Finding(check, true, detail, null);
        }

        static Finding problem(String check, String detail, String advice) {
            return new Finding(check, false, detail, advice);
        }
    }

    private final Home home;
    private final Path root;
    private final Path mavenRepository;

    public Checkup(Home home, Path root, Path mavenRepository) {
        this.home = home;
        this.root = root;
        this.mavenRepository = mavenRepository;
    }

    static Finding java(Runtime.Version version) {
        return version.feature() >= JAVA_FEATURE ? Finding.ok("java", "Java " + version)
                : Finding.problem("java", "Java " + version + " is older than " + JAVA_FEATURE,
                "install a JDK " + JAVA_FEATURE + " or newer and put it first on PATH (or set JAVA_HOME)");
    }

    /**
     * Whether each port can be listened on. {@code ports} maps what listens there to its port, {@code option} the
     * same names to the option of {@code up} that moves it.
     */
    List<Finding> ports(Map<String, Integer> ports, Map<String, String> option) {
        Optional<ProcessHandle> up = home.running();
        List<Finding> findings = new ArrayList<>();
        ports.forEach((name, port) -> {
            String check = "port " + port + " (" + name + ")";
            if (free(port)) {
                findings.add(Finding.ok(check, "free"));
            } else if (up.isPresent()) {
                findings.add(Finding.ok(check, "in use, by the running tunepipe (pid " + up.get().pid() + ")"));
            } else {
                findings.add(Finding.problem(check, "in use by another program",
                        "stop the program listening there (ss -ltnp 'sport = :" + port + "' names it), or run "
                                + "tunepipe up " + option.get(name) + " to move " + name));
            }
        });
        return findings;
    }

    Finding disk() throws IOException {
        Path existing = home.dir().toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        long free = Files.getFileStore(existing).getUsableSpace();
        String detail = String.format("%.1f GB free under %s", free / 1e9, existing);
        return free >= MIN_FREE_BYTES ? Finding.ok("disk", detail) : Finding.problem("disk", detail,
                "free some space (Kafka, PostgreSQL and the models need about 2 GB), or use --home on another disk");
    }

    /** The build's artifacts in the Maven cache, and the packaged services. */
    List<Finding> build() {
        String build = "run ./tunepipe build (./mvnw install -DskipTests) in " + root.toAbsolutePath().normalize();
        List<Finding> findings = new ArrayList<>();
        Path artifacts = mavenRepository.resolve("io/tunepipe");
        findings.add(Files.isDirectory(artifacts) ? Finding.ok("maven cache", artifacts + " holds the build")
                : Finding.problem("maven cache", artifacts + " is missing: the build has not been installed", build));
        List<String> missing = Service.ALL.stream().filter(s -> !Files.exists(s.launcher(root)))
                .map(Service::module).toList();
        findings.add(missing.isEmpty() ? Finding.ok("service jars", "every service is packaged")
                : Finding.problem("service jars", "not packaged: " + String.join(", ", missing), build));
        return findings;
    }

    /** Whether {@code up} runs, pid files that outlived their process, and processes left over without an up. */
    List<Finding> stack() throws IOException {
        List<Finding> findings = new ArrayList<>();
        Optional<ProcessHandle> up = home.running();
        if (up.isPresent()) {
            findings.add(Finding.ok("local stack", "tunepipe up is running (pid " + up.get().pid() + ")"));
        } else if (Files.exists(home.pidFile())) {
            findings.add(Finding.problem("local stack", "stale pid file " + home.pidFile() + ": its process is gone",
                    "run tunepipe down, which removes it"));
        } else {
            findings.add(Finding.ok("local stack", "not running"));
        }
        Path postmaster = home.stackDir().resolve("postgres/postmaster.pid");
        if (up.isEmpty() && Files.exists(postmaster) && !alive(Files.readAllLines(postmaster))) {
            findings.add(Finding.problem("postgresql", "stale pid file " + postmaster + ": its server is gone",
                    "delete " + postmaster + "; PostgreSQL may refuse to start while it is there"));
        }
        List<HomeProcesses.Found> left = up.isEmpty() ? HomeProcesses.of(home) : List.of();
        if (!left.isEmpty()) {
            findings.add(Finding.problem("processes", left.size() + " tunepipe processes run without tunepipe up: "
                    + left.stream().map(p -> p.name() + " (pid " + p.pid() + ")").toList(),
                    "run tunepipe down to stop them; they hold ports and the database"));
        }
        return findings;
    }

    private static boolean alive(List<String> pidFileLines) {
        try {
            return !pidFileLines.isEmpty() && ProcessHandle.of(Long.parseLong(pidFileLines.get(0).trim()))
                    .map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
