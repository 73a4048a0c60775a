package io.tunepipe.cli;

import io.tunepipe.localstack.ServiceJvm;
import io.tunepipe.localstack.StackAddresses;
import io.tunepipe.security.LocalKeys;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TokenIssuer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How to start each instance of the four services and the console as a process of its own, logging to its own file:
 * {@code instances} of each service on ports {@value #PORT_STEP} apart (8081, 18081...), one console.
 */
public final class ServiceProcesses {

    /** The class-data-sharing archive Quarkus writes beside a service's launcher at package time. */
    private static final String CLASS_ARCHIVE = "app-cds.jsa";
    /** Between the ports of two instances of a service. */
    static final int PORT_STEP = 10_000;
    /** As many instances as fit below port 65536. */
    static final int MAX_INSTANCES = 5;

    /** One process of a service: the first ({@code index} 0) is the one the console and the CLI talk to. */
    public record Instance(Service service, int index, int port) {

        /** The module name for the first instance, then {@code ingest-service-2}, {@code ingest-service-3}... */
        public String name() {
            return index == 0 ? service.module() : service.module() + "-" + (index + 1);
        }

        public String url() {
            return "http://localhost:" + port;
        }
    }

    private final Map<Instance, ProcessBuilder> builders = new LinkedHashMap<>();
    private final Path logDir;
    /** The instances shown ready already. */
    private final Set<Instance> ready = new HashSet<>();

    private ServiceProcesses(Path logDir) {
        this.logDir = logDir;
    }

    /**
     * Prepares every instance against the stack at {@code addresses}, accepting tokens signed with {@code keys};
     * the first instance of each listens on its port in {@code ports}. {@code settings} are extra environment variables
     * passed to all (Quarkus reads {@code TUNEPIPE_TRAINING_...} and the like as configuration).
     */
    public static ServiceProcesses prepare(Path root, Home home, StackAddresses addresses, Map<Service, Integer> ports,
            int instances, LocalKeys keys, Map<String, String> settings) throws IOException {
        ServiceProcesses prepared = new ServiceProcesses(home.logDir());
        Files.createDirectories(home.logDir());
        Endpoints endpoints = Endpoints.local(ports);
        // eval-service asks the local models at training-service's /v1 as OpenAI clients do: with a bearer key
        String evalToken = new TokenIssuer(keys.privateKey()).issue("eval-service", Roles.VIEWER, Duration.ofDays(30));
        Path dir = home.dir().toAbsolutePath();
        Map<String, String> shared = new LinkedHashMap<>(Map.of(
                "TUNEPIPE_INGEST_DATA_DIR", dir.resolve("ingest").toString(),
                "TUNEPIPE_TRAINING_LOCAL_DATA_DIR", dir.resolve("training/local").toString(),
                "TUNEPIPE_TRAINING_COMMAND_DATA_DIR", dir.resolve("training/command").toString(),
                "TUNEPIPE_TRAINING_WORK_DIR", dir.resolve("training/work").toString(),
                "TUNEPIPE_EVAL_PROVIDERS_LOCAL_BASE_URL", endpoints.of(Service.TRAINING) + "/v1",
                "TUNEPIPE_EVAL_PROVIDERS_LOCAL_API_KEY", evalToken,
                "QUARKUS_OIDC_PUBLIC_KEY", keys.publicKeyBase64(),
                "QUARKUS_OIDC_TOKEN_ISSUER", TokenIssuer.ISSUER,
                "TUNEPIPE_CONSOLE_RESTARTS_FILE", home.supervisedFile().toAbsolutePath().toString()));
        for (Service s : List.of(Service.INGEST, Service.AUGMENT, Service.TRAINING, Service.EVAL)) {
            shared.put("TUNEPIPE_CONSOLE_SERVICES_" + s.name(), endpoints.of(s));
        }
        shared.putAll(settings);
        for (Service service : Service.ALL) {
            Path launcher = service.launcher(root);
            if (!Files.exists(launcher)) {
                throw new IllegalStateException(launcher + " is missing: build with ./mvnw install -DskipTests");
            }
            int count = service == Service.CONSOLE ? 1 : instances;
            for (int i = 0; i < count; i++) {
                Instance instance = new Instance(service, i, ports.get(service) + i * PORT_STEP);
                prepared.builders.put(instance, prepared.builder(home, launcher, instance, addresses, shared));
            }
        }
        return prepared;
    }

    private ProcessBuilder builder(Home home, Path launcher, Instance instance, StackAddresses addresses,
            Map<String, String> shared) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // the home and name on the command line let down, status and a later up find the process by itself
        List<String> command = new ArrayList<>(List.of(java, HomeProcesses.mark(home),
                HomeProcesses.name(instance.name()), "-Xmx768m"));
        command.addAll(instance.service().jvmOptions());
        // the class archive made at package time names the jar as the service's folder sees it
        if (Files.exists(launcher.resolveSibling(CLASS_ARCHIVE))) {
            command.add("-XX:SharedArchiveFile=" + CLASS_ARCHIVE);
        }
        command.addAll(List.of("-jar", launcher.getFileName().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launcher.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(instance).toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(instance.port()));
        env.putAll(ServiceJvm.environment());
        env.putAll(addresses.serviceEnvironment(instance.service().module()));
        env.putAll(shared);
        return builder;
    }

    public List<Instance> instances() {
        return List.copyOf(builders.keySet());
    }

    /** Starts {@code instance}; it logs to {@link #logFile}. */
    public ProcessHandle start(Instance instance) throws IOException {
        return builders.get(instance).start().toHandle();
    }

    public Path logFile(Instance instance) {
        return logDir.resolve(instance.name() + ".log");
    }

    /** Shows every instance as starting. */
    public void showStarting(ProgressDisplay display) {
        for (Instance instance : instances()) {
            display.update(new ProgressDisplay.Stage(instance.name(), 0, 0, "starting", false));
        }
    }

    /**
     * Waits until every instance of {@code services} has reported ready, showing each once; fails fast when one is
     * not running, and at {@code deadline}.
     */
    public void awaitReady(Set<Service> services, Api api, Function<Instance, Optional<ProcessHandle>> running,
            Instant deadline, ProgressDisplay display) throws InterruptedException {
        for (Instance instance : instances()) {
            if (!services.contains(instance.service()) || ready.contains(instance)) {
                continue;
            }
            while (!api.ready(instance.url())) {
                if (running.apply(instance).isEmpty()) {
                    throw new IllegalStateException(instance.name() + " exited; see " + logFile(instance));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(instance.name() + " not ready by " + deadline + "; see "
                            + logFile(instance));
                }
                Thread.sleep(250);
            }
            ready.add(instance);
            display.update(new ProgressDisplay.Stage(instance.name(), 1, 1, "ready at " + instance.url(), true));
        }
    }
}
