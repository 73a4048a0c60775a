package io.tunepipe.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** Options every command shares. */
public final class CommonOptions {

    @Option(names = "--home", defaultValue = "${env:TUNEPIPE_HOME:-.tunepipe}",
            description = "Folder of the local tunepipe: stack data, logs, working files (default: ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--json", description = "Print JSON for scripts instead of tables and progress bars.")
    boolean json;

    Home home() {
        return new Home(home);
    }

    /** A client for the services with this user's token (valid 12 h: longer than any command waits). */
    Api api() {
        return new Api(home().token(Duration.ofHours(12)));
    }
}
