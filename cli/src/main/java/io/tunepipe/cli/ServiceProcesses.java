package io.tunepipe.cli;

import io.tunepipe.localstack.LocalStack;
import io.tunepipe.security.LocalKeys;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TokenIssuer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The four services and the console as child processes of this command, each logging to its own file, stopped together. */
public final class ServiceProcesses implements AutoCloseable {

    /** The class-data-sharing archive Quarkus writes beside a service's launcher at package time. */
    private static final String CLASS_ARCHIVE = "app-cds.jsa";

    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    private final Path logDir;

    private ServiceProcesses(Path logDir) {
        this.logDir = logDir;
    }

    /**
     * Starts every service against the stack, accepting tokens signed with {@code keys}. {@code settings} are extra
     * environment variables passed to all of them (Quarkus reads {@code TUNEPIPE_TRAINING_...} and the like as
     * configuration).
     */
    public static ServiceProcesses start(Path root, Path home, LocalStack stack, Endpoints endpoints,
            Map<Service, Integer> ports, LocalKeys keys, Map<String, String> settings) throws IOException {
        Path logDir = home.resolve("logs");
        Files.createDirectories(logDir);
        ServiceProcesses started = new ServiceProcesses(logDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        // eval-service asks the local models at training-service's /v1 as OpenAI clients do: with a bearer key
        String evalToken = new TokenIssuer(keys.privateKey()).issue("eval-service", Roles.VIEWER, Duration.ofDays(30));
        for (Service service : Service.ALL) {
            Path launcher = service.launcher(root);
            if (!Files.exists(launcher)) {
                started.close();
                throw new IllegalStateException(launcher + " is missing: build with ./mvnw install -DskipTests");
            }
            // the home on the command line lets down and status find the service even when this process is gone
            List<String> command = new ArrayList<>(List.of(java, HomeProcesses.mark(new Home(home)), "-Xmx768m"));
            // the class archive made at package time names the jar as the service's folder sees it
            if (Files.exists(launcher.resolveSibling(CLASS_ARCHIVE))) {
                command.add("-XX:SharedArchiveFile=" + CLASS_ARCHIVE);
            }
            command.addAll(List.of("-jar", launcher.getFileName().toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(launcher.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(started.logFile(service).toFile()));
            Map<String, String> env = builder.environment();
            env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.getOrDefault(service, service.defaultPort())));
            env.putAll(stack.serviceEnvironment(service.module()));
            env.put("TUNEPIPE_INGEST_DATA_DIR", home.resolve("ingest").toAbsolutePath().toString());
            env.put("TUNEPIPE_TRAINING_LOCAL_DATA_DIR", home.resolve("training/local").toAbsolutePath().toString());
            env.put("TUNEPIPE_TRAINING_COMMAND_DATA_DIR", home.resolve("training/command").toAbsolutePath().toString());
            env.put("TUNEPIPE_TRAINING_WORK_DIR", home.resolve("training/work").toAbsolutePath().toString());
            env.put("TUNEPIPE_EVAL_PROVIDERS_LOCAL_BASE_URL", endpoints.of(Service.TRAINING) + "/v1");
            env.put("TUNEPIPE_EVAL_PROVIDERS_LOCAL_API_KEY", evalToken);
            env.put("QUARKUS_OIDC_PUBLIC_KEY", keys.publicKeyBase64());
            env.put("QUARKUS_OIDC_TOKEN_ISSUER", TokenIssuer.ISSUER);
            env.put("TUNEPIPE_CONSOLE_SERVICES_INGEST", endpoints.of(Service.INGEST));
            env.put("TUNEPIPE_CONSOLE_SERVICES_AUGMENT", endpoints.of(Service.AUGMENT));
            env.put("TUNEPIPE_CONSOLE_SERVICES_TRAINING", endpoints.of(Service.TRAINING));
            env.put("TUNEPIPE_CONSOLE_SERVICES_EVAL", endpoints.of(Service.EVAL));
            env.putAll(settings);
            started.processes.put(service, builder.start());
        }
        return started;
    }

    public Path logFile(Service service) {
        return logDir.resolve(service.module() + ".log");
    }

    /** Waits until every service reports ready; fails fast when one exits. */
    public void awaitReady(Api api, Endpoints endpoints, Duration timeout, ProgressDisplay display)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        for (Service service : Service.ALL) {
            display.update(new ProgressDisplay.Stage(service.module(), 0, 0, "starting", false));
        }
        for (Service service : Service.ALL) {
            while (!api.ready(endpoints.of(service))) {
                Process p = processes.get(service);
                if (!p.isAlive()) {
                    throw new IllegalStateException(service.module() + " exited with code " + p.exitValue()
                            + "; see " + logFile(service));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(service.module() + " not ready after " + timeout.toSeconds()
                            + " s; see " + logFile(service));
                }
                Thread.sleep(250);
            }
            display.update(new ProgressDisplay.Stage(service.module(), 1, 1, "ready at " + endpoints.of(service),
                    true));
        }
    }

    /** Asks every service to stop (SIGTERM), waits for them, and kills those that do not stop in time. */
    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
