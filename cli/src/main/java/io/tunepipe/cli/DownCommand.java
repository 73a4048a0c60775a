package io.tunepipe.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Stops a running {@code tunepipe up}: services, Kafka and PostgreSQL, cleanly. */
@Command(name = "down", description = "Stop everything 'tunepipe up' started.")
public final class DownCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        var running = common.home().running();
        if (running.isEmpty()) {
            System.out.println("tunepipe is not running");
            return 0;
        }
        ProcessHandle up = running.get();
        up.destroy();
        try {
            up.onExit().get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("tunepipe (pid " + up.pid() + ") did not stop within 120 s");
            return TunepipeCli.FAILED;
        }
        System.out.println("tunepipe stopped");
        return 0;
    }
}
