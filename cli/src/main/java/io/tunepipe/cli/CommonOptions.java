package io.tunepipe.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

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
}
