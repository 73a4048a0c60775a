package io.tunepipe.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** The folder of a local tunepipe: the stack's data, service logs and working files, and the running command's pid. */
public record Home(Path dir) {

    public Path stackDir() {
        return dir.resolve("stack");
    }

    public Path pidFile() {
        return dir.resolve("run/tunepipe.pid");
    }

    /** The process of a running {@code tunepipe up}, if there is one. */
    public Optional<ProcessHandle> running() {
        try {
            if (!Files.exists(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The broker of the running stack, from the addresses it wrote at start-up. */
    public String kafkaBootstrapServers() {
        Path addresses = stackDir().resolve("stack.properties");
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(addresses)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("no running stack found (" + addresses + " is missing): run tunepipe up");
        }
        return props.getProperty("kafka.bootstrap.servers");
    }
}
