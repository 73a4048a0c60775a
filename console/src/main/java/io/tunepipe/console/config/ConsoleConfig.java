package io.tunepipe.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where the four services answer, as the console's server reaches them. */
@ConfigMapping(prefix = "tunepipe.console")
public interface ConsoleConfig {

    Services services();

    /** How often health, lag and dead letters are checked (the schedule of {@code ClusterWatch}). */
    @WithDefault("5s")
    Duration opsInterval();

    /**
     * The file where {@code tunepipe up} keeps the pid and restart count of each process it supervises
     * ({@code <name>.restarts}, instances named {@code <service>-2}...); none when the services run otherwise.
     */
    Optional<Path> restartsFile();

    /** Base URLs of the services' REST APIs. */
    interface Services {
        String ingest();

        String augment();

        String training();

        String eval();

        /** The four, by service name, in pipeline order. */
        default Map<String, String> byName() {
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("ingest-service", ingest());
            urls.put("augment-service", augment());
            urls.put("training-service", training());
            urls.put("eval-service", eval());
            return urls;
        }
    }
}
