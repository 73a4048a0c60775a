package io.tunepipe.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The four tunepipe services and the console: where their packaged app is and where they listen. */
public enum Service {
    INGEST("ingest-service", 8081, true),
    AUGMENT("augment-service", 8082, false),
    TRAINING("training-service", 8083, true),
    EVAL("eval-service", 8084, false),
    CONSOLE("console", 8080, false);

    public static final List<Service> ALL = List.of(values());

    private final String module;
    private final int defaultPort;
    private final boolean javaLoops;

    /** {@code javaLoops}: its own work runs hot Java loops (ingest's parse, training's adapter), worth C2's cost. */
    Service(String module, int defaultPort, boolean javaLoops) {
        this.module = module;
        this.defaultPort = defaultPort;
        this.javaLoops = javaLoops;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /**
     * The JVM options {@code up} starts it with. Every service gets the serial collector: seven processes share the
     * machine's cores, and the default collector's parallel and concurrent threads cost more CPU than it saves on
     * heaps this size (the demo went from 47.6-48.5 s to 42.9-43.8 s on two cores, with 10% less CPU in all). A
     * service whose work is I/O and native inference gets the quick C1 compiler alone: on two cores, C2 compiling
     * start-up code cost the console, augment and eval about 2.5-4.5 CPU seconds each before they were ready
     * (measured), and their answers are the same. One with hot Java loops keeps C2 for code ten times hotter than its
     * default thresholds: its loops reach them within milliseconds, while C2 time before ready fell from 4.9 s to
     * 0.5 s (ingest) and 5.6 s to 0.7 s (training) in the demo.
     */
    public List<String> jvmOptions() {
        List<String> jit = javaLoops ? List.of("-XX:Tier4InvocationThreshold=50000",
                "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000",
                "-XX:Tier4BackEdgeThreshold=400000")
                : List.of("-XX:TieredStopAtLevel=1");
        return Stream.concat(Stream.of("-XX:+UseSerialGC"), jit.stream()).toList();
    }

    /** The Quarkus fast-jar launcher built by {@code ./mvnw package}. */
    public Path launcher(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
