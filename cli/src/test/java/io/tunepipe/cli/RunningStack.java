package io.tunepipe.cli;

import io.tunepipe.localstack.LocalStack;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * A {@code tunepipe up} run in this JVM for ChaosIT and SoakBench: {@code instances} of each service on ports
 * {@value #PORT_OFFSET} above the usual, datasets uploaded at once and followed to their summaries, and each
 * process's peak memory read from /proc.
 */
final class RunningStack implements AutoCloseable {

    static final int PORT_OFFSET = 400;
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

    /** A file to submit, with its column mapping; {@code oneExamplePerRow} when it has no variant columns. */
    record Dataset(String label, Path file, Map<String, String> mapping, boolean oneExamplePerRow) {
    }

    /** A dataset's run and its time from upload to summary. */
    record Run(RunSummary summary, Duration latency) {
    }

    private final Home home;
    private final int instances;
    private final Thread up;
    private final Api api;

    private RunningStack(Home home, int instances, Thread up, Api api) {
        this.home = home;
        this.instances = instances;
        this.up = up;
        this.api = api;
    }

    /** Starts {@code up} with its home in {@code dir} and waits until every instance answers ready. */
    static RunningStack start(Path dir, int instances) {
        Home home = new Home(dir);
        String[] args = {"--no-sample", "--home", home.dir().toString(), "--root", root().toString(),
                "--kafka-port", Integer.toString(LocalStack.freePort()),
                "--kafka-controller-port", Integer.toString(LocalStack.freePort()),
                "--postgres-port", Integer.toString(LocalStack.freePort()),
                "--port-offset", Integer.toString(PORT_OFFSET), "--instances", Integer.toString(instances)};
        Thread up = new Thread(() -> new CommandLine(new UpCommand()).execute(args), "chaos-up");
        up.start();
        awaitReady(instances, Duration.ofMinutes(5));
        // up made the home's signing key as it started
        return new RunningStack(home, instances, up, new Api(home.token(Duration.ofHours(2))));
    }

    /** Waits until every instance answers ready again, after a fault. */
    void awaitReady(Duration timeout) {
        awaitReady(instances, timeout);
    }

    private static void awaitReady(int instances, Duration timeout) {
        Api health = new Api(null);
        await("every service ready").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> instancesOf(instances).stream().allMatch(i -> health.ready(i.url())));
    }

    /** Every instance {@code up} starts: {@code instances} of each service, one console. */
    private static List<ServiceProcesses.Instance> instancesOf(int instances) {
        return Service.ALL.stream().flatMap(s -> IntStream.range(0, s == Service.CONSOLE ? 1
                : instances).mapToObj(i -> new ServiceProcesses.Instance(s, i, s.defaultPort() + PORT_OFFSET
                + i * ServiceProcesses.PORT_STEP))).toList();
    }

    Home home() {
        return home;
    }

    Api api() {
        return api;
    }

    int instances() {
        return instances;
    }

    /** Uploads every dataset ({@code force}: even a file seen before), then follows them all at once to their ends. */
    Map<String, Run> runAll(List<Dataset> datasets, boolean force) throws Exception {
        Endpoints endpoints = endpoints();
        ExecutorService followers = Executors.newFixedThreadPool(datasets.size());
        try {
            Map<String, Future<Run>> runs = new LinkedHashMap<>();
            for (Dataset d : datasets) {
                Map<String, String> query = new HashMap<>(d.mapping());
                query.put("name", d.label());
                query.put("force", Boolean.toString(force));
                long submitted = System.nanoTime();
                String id = api.upload(endpoints.of(Service.INGEST) + "/datasets", d.file(), query).path("id")
                        .asText();
                PipelineFollower follower = new PipelineFollower(home.kafkaClientConfig(), endpoints, api,
                        new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), true));
                runs.put(d.label(), followers.submit(() -> new Run(follower.follow(id, RUN_TIMEOUT),
                        Duration.ofNanos(System.nanoTime() - submitted))));
            }
            Map<String, Run> done = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Run>> e : runs.entrySet()) {
                done.put(e.getKey(), e.getValue().get());
            }
            return done;
        } finally {
            followers.shutdownNow();
        }
    }

    /** How many times the supervisor restarted each process so far, by name. */
    Map<String, Integer> restarts() {
        Properties state = Supervisor.readState(home.supervisedFile());
        Map<String, Integer> restarts = new LinkedHashMap<>();
        for (String key : new TreeSet<>(state.stringPropertyNames())) {
            if (key.endsWith(".restarts")) {
                restarts.put(key.substring(0, key.length() - ".restarts".length()),
                        Integer.parseInt(state.getProperty(key)));
            }
        }
        return restarts;
    }

    /** Peak resident memory of every supervised process now running (since its last start), from /proc. */
    void printPeakRss(PrintStream out) throws Exception {
        Properties state = Supervisor.readState(home.supervisedFile());
        for (String key : new TreeSet<>(state.stringPropertyNames())) {
            if (!key.endsWith(".pid")) {
                continue;
            }
            Path status = Path.of("/proc", state.getProperty(key), "status");
            String peak = !Files.exists(status) ? "gone" : Files.readAllLines(status).stream()
                    .filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).trim()).findFirst().orElse("?");
            out.printf("chaos: peak RSS %-20s %s%n", key.substring(0, key.length() - 4), peak);
        }
    }

    static Endpoints endpoints() {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        Service.ALL.forEach(s -> ports.put(s, s.defaultPort() + PORT_OFFSET));
        return Endpoints.local(ports);
    }

    static Path root() {
        return Path.of(System.getProperty("tunepipe.root", "..")).toAbsolutePath().normalize();
    }

    /** Stops {@code up}, which stops every process it started. */
    @Override
    public void close() throws InterruptedException {
        up.interrupt();
        up.join(Duration.ofMinutes(3).toMillis());
    }
}
