package io.tunepipe.cli;

import io.tunepipe.localstack.ServiceJvm;

import java.nio.file.Path;
import java.util.List;

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

    /** The JVM options {@code up} starts it with ({@link ServiceJvm}). */
    public List<String> jvmOptions() {
        return ServiceJvm.options(javaLoops);
    }

    /** The Quarkus fast-jar launcher built by {@code ./mvnw package}. */
    public Path launcher(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
