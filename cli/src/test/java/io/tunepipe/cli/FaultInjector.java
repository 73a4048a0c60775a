package io.tunepipe.cli;

import io.tunepipe.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Injects ChaosIT's faults into a running {@code tunepipe up}, one at a time: {@code kill -9} of one instance of a
 * service, {@code kill -9} of the broker or of PostgreSQL (which the supervisor starts again), a pause of the broker.
 * A fault falls after a given number of pipeline events (records on any topic, read by an event clock), so at the
 * same point of a run however busy the machine is. It times how long the killed process takes to run again, and the
 * pipeline to go on (its next event).
 */
final class FaultInjector implements AutoCloseable {

    /** The kinds of fault. */
    enum Kind { KILL_INGEST, KILL_AUGMENT, KILL_TRAINING, KILL_EVAL, KILL_BROKER, KILL_POSTGRES, PAUSE_BROKER }

    /** One injected fault: what, at whom, when, and whether its target was there to hit. */
    record Injection(Kind kind, String target, Instant at, boolean hit) {
    }

    /** A fault that falls once the event clock has seen {@code atEvent} events. */
    private record Armed(Kind kind, String target, long atEvent) {
    }

    static final Duration PAUSE = Duration.ofSeconds(10);
    private static final Map<Kind, Service> SERVICES = Map.of(Kind.KILL_INGEST, Service.INGEST,
            Kind.KILL_AUGMENT, Service.AUGMENT, Kind.KILL_TRAINING, Service.TRAINING, Kind.KILL_EVAL, Service.EVAL);

    private final Home home;
    private final Random random;
    private final int instances;
    private final PrintStream out;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(4);
    private final Map<Injection, Duration> processBack = new ConcurrentHashMap<>();
    private final Map<Injection, Duration> supervisedBack = new ConcurrentHashMap<>();
    private final List<Injection> injections = new CopyOnWriteArrayList<>();
    /** When the event clock received each pipeline event. */
    private final ConcurrentSkipListSet<Instant> events = new ConcurrentSkipListSet<>();
    private final AtomicLong seen = new AtomicLong();
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private volatile boolean listening;
    private final Thread eventClock;
    private volatile KafkaConsumer<String, String> consumer;

    FaultInjector(Home home, Random random, int instances, PrintStream out) {
        this.home = home;
        this.random = random;
        this.instances = instances;
        this.out = out;
        this.eventClock = new Thread(this::clock, "chaos-event-clock");
        eventClock.setDaemon(true);
        eventClock.start();
    }

    /** Arms a fault of {@code kind} at one instance picked at random, to fall once {@code events} more went by. */
    void injectAfterEvents(Kind kind, long events) {
        armed.set(new Armed(kind, target(kind), seen.get() + events));
    }

    /** Injects the armed fault now if it has not fallen yet (its datasets were through first). */
    void injectArmedNow() {
        Armed a = armed.getAndSet(null);
        if (a != null) {
            timer.execute(() -> inject(a.kind(), a.target()));
        }
    }

    /** Pipeline events (records on any topic) received so far. */
    long eventsSeen() {
        return seen.get();
    }

    /** Waits until the event clock reads its topics, so that it counts every event from now on. */
    void awaitListening() {
        await("the event clock reads every topic").atMost(Duration.ofMinutes(1)).until(() -> listening);
    }

    private String target(Kind kind) {
        Service service = SERVICES.get(kind);
        if (service == null) {
            return kind == Kind.KILL_POSTGRES ? LocalProcesses.POSTGRES : LocalProcesses.KAFKA;
        }
        return new ServiceProcesses.Instance(service, random.nextInt(instances), 0).name();
    }

    private void inject(Kind kind, String target) {
        Optional<ProcessHandle> process = running(target);
        Instant at = Instant.now();
        Injection injection = new Injection(kind, target, at, process.isPresent());
        out.printf("chaos: %s %s (pid %s)%n", kind, target, process.map(p -> Long.toString(p.pid())).orElse("none"));
        process.ifPresent(p -> {
            if (kind == Kind.PAUSE_BROKER) {
                signal("-STOP", p);
                timer.schedule(() -> signal("-CONT", p), PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                p.destroyForcibly();
                timeRestart(injection, p.pid());
            }
        });
        injections.add(injection);
    }

    /** Times how long until a new process runs under the target, and until the supervisor has it as started. */
    private void timeRestart(Injection injection, long killed) {
        timer.execute(() -> {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> running(injection.target()).filter(p -> p.pid() != killed).isPresent());
            processBack.put(injection, Duration.between(injection.at(), Instant.now()));
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> supervised(injection.target()).filter(p -> p.pid() != killed).isPresent());
            supervisedBack.put(injection, Duration.between(injection.at(), Instant.now()));
        });
    }

    /**
     * The live process under {@code name}, found by its command line in /proc even before the supervisor has it as
     * started (ProcessHandle.Info leaves out the broker's long one); PostgreSQL by the supervisor's pid.
     */
    private Optional<ProcessHandle> running(String name) {
        if (name.equals(LocalProcesses.POSTGRES)) {
            return supervised(name);
        }
        String mark = HomeProcesses.mark(home) + "\0";
        String named = HomeProcesses.name(name) + "\0";
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String command = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"),
                        StandardCharsets.ISO_8859_1);
                return command.contains(mark) && command.contains(named);
            } catch (IOException | UncheckedIOException gone) {
                return false;
            }
        }).filter(ProcessHandle::isAlive).findFirst();
    }

    /** The live process the supervisor has as started under {@code name}. */
    private Optional<ProcessHandle> supervised(String name) {
        return Optional.ofNullable(Supervisor.readState(home.supervisedFile()).getProperty(name + ".pid"))
                .map(Long::parseLong).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }

    private static void signal(String signal, ProcessHandle p) {
        try {
            new ProcessBuilder("kill", signal, Long.toString(p.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot send " + signal + " to " + p.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every fault was injected (and a paused broker resumed), and every killed process runs again. */
    void awaitAllDone(Duration timeout) {
        await("every fault injected and every killed process started again").atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> timer.getQueue().isEmpty() && timer.getActiveCount() == 0
                        && injections.stream().allMatch(i -> supervised(i.target()).isPresent()));
    }

    /** What the last fault did: when the killed process ran again, when it served, when the pipeline went on. */
    String describe(Injection i) {
        String next = timeToNextEvent(i).map(FaultInjector::seconds).orElse("none seen");
        if (i.kind() == Kind.PAUSE_BROKER) {
            return "paused " + PAUSE.toSeconds() + " s; next pipeline event after " + next;
        }
        return String.format(Locale.ROOT, "process again after %s, supervisor has it as started after %s; next "
                + "pipeline event after %s", seconds(processBack.get(i)), seconds(supervisedBack.get(i)), next);
    }

    static String seconds(Duration d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The last fault injected, if any. */
    Optional<Injection> last() {
        return injections.isEmpty() ? Optional.empty() : Optional.of(injections.get(injections.size() - 1));
    }

    /**
     * From a fault to the first pipeline event the event clock received after it, if any: for a broker kill, the
     * time to recover (the clock's own consumer reconnects too, so this is an upper bound).
     */
    Optional<Duration> timeToNextEvent(Injection i) {
        Instant from = i.kind() == Kind.PAUSE_BROKER ? i.at().plus(PAUSE) : i.at();
        return Optional.ofNullable(events.higher(from)).map(e -> Duration.between(i.at(), e));
    }

    /** Reads every pipeline topic from its end, keeping when each event arrived; it outlives broker restarts. */
    private void clock() {
        Map<String, Object> config = new HashMap<>(home.kafkaClientConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "tunepipe-cli-chaos-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (var c = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer = c;
            c.subscribe(Topics.ALL.stream().map(Topics.Spec::name).toList());
            while (!Thread.currentThread().isInterrupted()) {
                int received = c.poll(Duration.ofMillis(500)).count();
                listening = listening || !c.assignment().isEmpty();
                if (received > 0) {
                    events.add(Instant.now());
                    long count = seen.addAndGet(received);
                    Armed a = armed.get();
                    if (a != null && count >= a.atEvent() && armed.compareAndSet(a, null)) {
                        timer.execute(() -> inject(a.kind(), a.target()));
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() woke the consumer up
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
