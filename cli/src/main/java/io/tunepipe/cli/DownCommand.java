package io.tunepipe.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Stops a running {@code tunepipe up} (services, Kafka and PostgreSQL, cleanly), then every other process of its home:
 * services started again after a crash or by hand, and a PostgreSQL left by an {@code up} that was killed.
 */
@Command(name = "down", description = "Stop everything 'tunepipe up' started, and any tunepipe process left under "
        + "the home.")
public final class DownCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Home home = common.home();
        var running = home.running();
        if (running.isPresent()) {
            ProcessHandle up = running.get();
            up.destroy();
            try {
                up.onExit().get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                System.err.println("tunepipe (pid " + up.pid() + ") did not stop within 120 s");
                return TunepipeCli.FAILED;
            }
            System.out.println("tunepipe stopped");
        }
        List<HomeProcesses.Found> strays = HomeProcesses.of(home);
        strays.forEach(p -> System.out.println("stopping " + p.name() + " (pid " + p.pid() + "), not started by a"
                + " running tunepipe up"));
        List<HomeProcesses.Found> left = HomeProcesses.stop(strays, 30);
        left.forEach(p -> System.err.println(p.name() + " (pid " + p.pid() + ") did not stop: kill -9 " + p.pid()));
        if (running.isEmpty() && Files.deleteIfExists(home.pidFile())) {
            System.out.println("removed the stale pid file " + home.pidFile());
        }
        if (running.isEmpty() && strays.isEmpty()) {
            System.out.println("tunepipe is not running");
        }
        return left.isEmpty() ? 0 : TunepipeCli.FAILED;
    }
}
