package io.tunepipe.cli;

import io.tunepipe.localstack.LocalStack;
import io.tunepipe.localstack.StackAddresses;
import io.tunepipe.localstack.StackProcesses;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The processes of a local tunepipe under one {@link Supervisor}: PostgreSQL and the broker (started side by side),
 * then every service instance. One still running under the home (left by an {@code up} that crashed) is taken over
 * rather than started again. Closing stops them in reverse: services, broker, PostgreSQL.
 */
final class LocalProcesses implements AutoCloseable {

    static final String KAFKA = "kafka";
    static final String POSTGRES = "postgres";

    private final Home home;
    private final StackProcesses stack;
    private final Supervisor supervisor;
    private final PrintStream out;
    /** The live processes of the home when this run began, by name. */
    private final Map<String, ProcessHandle> leftRunning = new HashMap<>();
    private final List<String> started = new ArrayList<>();

    LocalProcesses(Home home, LocalStack.Settings settings, PrintStream out) throws IOException {
        this.home = home;
        this.stack = new StackProcesses(settings, home.logDir());
        this.supervisor = new Supervisor(home.supervisedFile(), out);
        this.out = out;
        HomeProcesses.of(home).forEach(p -> leftRunning.putIfAbsent(p.name(), p.handle()));
        stack.postgres().ifPresent(p -> leftRunning.put(POSTGRES, p));
    }

    StackAddresses addresses() {
        return stack.addresses();
    }

    /** Starts PostgreSQL and the broker, or takes them over, and writes their addresses for the other commands. */
    void startStack() throws Exception {
        Supervisor.Starter postgres = stack::startPostgres;
        Supervisor.Starter kafka = () -> stack.startBroker(List.of(HomeProcesses.mark(home),
                HomeProcesses.name(KAFKA))).toHandle();
        CompletableFuture<ProcessHandle> database = CompletableFuture.supplyAsync(() -> {
            try {
                return runningOrStart(POSTGRES, postgres);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        ProcessHandle broker;
        try {
            broker = runningOrStart(KAFKA, kafka);
        } finally {
            // kept even when the broker failed, so that closing stops it
            keep(POSTGRES, join(database), postgres);
        }
        keep(KAFKA, broker, kafka);
        stack.addresses().write(home.stackDir());
    }

    private static ProcessHandle join(CompletableFuture<ProcessHandle> started) throws Exception {
        try {
            return started.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Starts every instance of {@code services}, or takes over those still running. */
    void startServices(ServiceProcesses services) throws Exception {
        for (ServiceProcesses.Instance instance : services.instances()) {
            Supervisor.Starter starter = () -> services.start(instance);
            keep(instance.name(), runningOrStart(instance.name(), starter), starter);
        }
    }

    /** The process now running under {@code name}, if any. */
    Optional<ProcessHandle> process(String name) {
        return supervisor.process(name);
    }

    private ProcessHandle runningOrStart(String name, Supervisor.Starter starter) throws Exception {
        ProcessHandle running = leftRunning.get(name);
        if (running != null && running.isAlive()) {
            out.println("taking over " + name + " (pid " + running.pid() + "), left running by an earlier up");
            return running;
        }
        return starter.start();
    }

    private void keep(String name, ProcessHandle process, Supervisor.Starter starter) {
        supervisor.supervise(name, process, starter);
        started.add(name);
    }

    /** Stops restarting, then stops the services, the broker and PostgreSQL, each tier before the next. */
    @Override
    public void close() {
        supervisor.close();
        List<String> services = started.stream().filter(n -> !n.equals(KAFKA) && !n.equals(POSTGRES)).toList();
        for (List<String> tier : List.of(services, List.of(KAFKA), List.of(POSTGRES))) {
            List<HomeProcesses.Found> running = tier.stream().flatMap(n -> supervisor.process(n).stream()
                    .map(p -> new HomeProcesses.Found(p, n))).toList();
            HomeProcesses.stop(running, 60).forEach(p -> System.err.println(p.name() + " (pid " + p.pid()
                    + ") did not stop: kill -9 " + p.pid()));
        }
    }
}
