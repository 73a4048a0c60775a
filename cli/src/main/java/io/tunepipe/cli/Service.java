package io.tunepipe.cli;

import java.nio.file.Path;
import java.util.List;

/** The four tunepipe services and the console: where their packaged app is and where they listen. */
public enum Service {
    INGEST("ingest-service", 8081),
    AUGMENT("augment-service", 8082),
    TRAINING("training-service", 8083),
    EVAL("eval-service", 8084),
    CONSOLE("console", 8080);

    public static final List<Service> ALL = List.of(values());

    private final String module;
    private final int defaultPort;

    Service(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The Quarkus fast-jar launcher built by {@code ./mvnw package}. */
    public Path launcher(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
