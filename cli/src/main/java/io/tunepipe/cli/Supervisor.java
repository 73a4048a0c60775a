package io.tunepipe.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the processes of a running {@code tunepipe up} alive: starts one again when it exits, after a backoff that
 * doubles from 1 s to 30 s and falls back to 1 s once the process has stayed up a minute, and keeps each one's pid and
 * restart count in the home ({@link Home#supervisedFile}) for {@code status} and the console.
 */
public final class Supervisor implements AutoCloseable {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    /** A process that stayed up this long crashed for a new reason: its next restart waits only the first delay. */
    static final Duration STABLE = Duration.ofMinutes(1);

    /** Starts a process anew and returns it once it may be counted as started. */
    @FunctionalInterface
    public interface Starter {
        ProcessHandle start() throws Exception;
    }

    private static final class Unit {
        final String name;
        final Starter starter;
        ProcessHandle process;
        Instant startedAt;
        int restarts;
        int crashesInARow;

        Unit(String name, Starter starter) {
            this.name = name;
            this.starter = starter;
        }
    }

    private final Path stateFile;
    private final PrintStream out;
    private final Map<String, Unit> units = new LinkedHashMap<>();
    private final ScheduledExecutorService restarts = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "tunepipe-supervisor");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    public Supervisor(Path stateFile, PrintStream out) {
        this.stateFile = stateFile;
        this.out = out;
    }

    /** Watches {@code running} under {@code name}, and starts it again with {@code starter} whenever it exits. */
    public synchronized void supervise(String name, ProcessHandle running, Starter starter) {
        Unit unit = new Unit(name, starter);
        units.put(name, unit);
        watch(unit, running);
    }

    /** The process now running under {@code name}, if it is alive. */
    public synchronized Optional<ProcessHandle> process(String name) {
        return Optional.ofNullable(units.get(name)).map(u -> u.process).filter(ProcessHandle::isAlive);
    }

    private synchronized void watch(Unit unit, ProcessHandle process) {
        unit.process = process;
        unit.startedAt = Instant.now();
        writeState();
        process.onExit().thenRun(() -> exited(unit, process));
    }

    private synchronized void exited(Unit unit, ProcessHandle process) {
        if (stopping || unit.process != process) {
            return;
        }
        boolean stable = Duration.between(unit.startedAt, Instant.now()).compareTo(STABLE) >= 0;
        unit.crashesInARow = stable ? 1 : unit.crashesInARow + 1;
        scheduleRestart(unit, "exited (pid " + process.pid() + ")");
    }

    private void scheduleRestart(Unit unit, String why) {
        Duration delay = backoff(unit.crashesInARow);
        out.printf("%s %s; starting it again in %d s%n", unit.name, why, delay.toSeconds());
        restarts.schedule(() -> restart(unit), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(Unit unit) {
        if (stopping) {
            return;
        }
        try {
            ProcessHandle process = unit.starter.start();
            int count;
            synchronized (this) {
                count = ++unit.restarts;
                watch(unit, process);
            }
            out.printf("%s started again (pid %d, restart %d)%n", unit.name, process.pid(), count);
        } catch (Exception e) {
            synchronized (this) {
                unit.crashesInARow++;
                if (!stopping) {
                    scheduleRestart(unit, "did not start (" + e.getMessage() + ")");
                }
            }
        }
    }

    /** The wait before the {@code n}th restart in a row: 1 s, 2 s, 4 s... at most 30 s. */
    static Duration backoff(int n) {
        long seconds = FIRST_DELAY.toSeconds() << Math.min(Math.max(n - 1, 0), 5);
        return Duration.ofSeconds(Math.min(seconds, MAX_DELAY.toSeconds()));
    }

    /** Writes each unit's pid and restart count, replacing the file at once so that a reader never sees half. */
    private void writeState() {
        Properties state = new Properties();
        units.values().forEach(u -> {
            state.setProperty(u.name + ".pid", Long.toString(u.process.pid()));
            state.setProperty(u.name + ".restarts", Integer.toString(u.restarts));
        });
        try {
            Files.createDirectories(stateFile.getParent());
            Path next = stateFile.resolveSibling(stateFile.getFileName() + ".next");
            try (Writer w = Files.newBufferedWriter(next)) {
                state.store(w, "processes supervised by tunepipe up: pid and restarts of each");
            }
            Files.move(next, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + stateFile, e);
        }
    }

    /** What the running (or last) {@code up} wrote: pid and restarts of each process, by name. */
    public static Properties readState(Path stateFile) {
        Properties state = new Properties();
        if (Files.exists(stateFile)) {
            try (Reader in = Files.newBufferedReader(stateFile)) {
                state.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + stateFile, e);
            }
        }
        return state;
    }

    /** Stops restarting anything; what runs keeps running. */
    @Override
    public void close() {
        stopping = true;
        restarts.shutdownNow();
    }
}
