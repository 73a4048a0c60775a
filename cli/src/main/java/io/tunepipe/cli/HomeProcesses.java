package io.tunepipe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Every live process that belongs to a home, found by its command line rather than by pid files, so services started
 * again after a crash or by hand are found too: the services and the broker (their command line carries {@link #mark}
 * and {@link #name}) and the local stack's PostgreSQL (its data folder is under the home).
 */
public final class HomeProcesses {

    private static final String MARK_PROPERTY = "-Dtunepipe.home=";
    private static final String NAME_PROPERTY = "-Dtunepipe.name=";

    /** A process of the home and what it is: a service's module name, or the program's name. */
    public record Found(ProcessHandle handle, String name) {

        public long pid() {
            return handle.pid();
        }
    }

    private HomeProcesses() {
    }

    /** The argument by which a service's command line names the home it belongs to. */
    public static String mark(Home home) {
        return MARK_PROPERTY + absolute(home);
    }

    /** The argument by which a process's command line says its name (a service instance, the broker). */
    public static String name(String name) {
        return NAME_PROPERTY + name;
    }

    /** The live processes of {@code home}, this one excepted, in pid order. */
    public static List<Found> of(Home home) {
        String mark = mark(home);
        String under = absolute(home) + "/";
        List<Found> found = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid() && p.isAlive())
                .forEach(p -> name(p, mark, under).ifPresent(name -> found.add(new Found(p, name))));
        found.sort(Comparator.comparingLong(Found::pid));
        return found;
    }

    /** Asks each to stop (SIGTERM), then kills those still running after {@code graceSeconds}; returns those left. */
    public static List<Found> stop(List<Found> processes, long graceSeconds) {
        processes.forEach(p -> p.handle().destroy());
        List<Found> left = new ArrayList<>();
        for (Found p : processes) {
            try {
                p.handle().onExit().get(graceSeconds, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                p.handle().destroyForcibly();
                try {
                    p.handle().onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception stillThere) {
                    left.add(p);
                }
            }
        }
        return left;
    }

    private static Optional<String> name(ProcessHandle p, String mark, String under) {
        String[] args = p.info().arguments().orElse(new String[0]);
        String command = p.info().command().orElse("");
        boolean marked = false;
        for (String arg : args) {
            marked |= arg.equals(mark);
        }
        if (marked) {
            for (String arg : args) {
                if (arg.startsWith(NAME_PROPERTY)) {
                    return Optional.of(arg.substring(NAME_PROPERTY.length()));
                }
                for (Service s : Service.ALL) {
                    if (arg.endsWith("/" + s.module() + "/target/quarkus-app/quarkus-run.jar")) {
                        return Optional.of(s.module());
                    }
                }
            }
            return Optional.of(Path.of(command).getFileName().toString());
        }
        if (command.endsWith("/postgres")) {
            for (String arg : args) {
                if (resolved(p, arg).startsWith(under)) {
                    return Optional.of("postgres");
                }
            }
        }
        return Optional.empty();
    }

    /** {@code arg} as an absolute path when it is a relative one and the process's folder can be read (Linux). */
    private static String resolved(ProcessHandle p, String arg) {
        if (arg.startsWith("/") || arg.startsWith("-")) {
            return arg;
        }
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).resolve(arg).normalize()
                    .toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return arg;
        }
    }

    private static String absolute(Home home) {
        return home.dir().toAbsolutePath().normalize().toString();
    }
}
