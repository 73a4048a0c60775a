package io.tunepipe.cli;

import io.tunepipe.security.LocalKeys;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TokenIssuer;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The folder of a local tunepipe: the stack's data, service logs and working files, the local signing key and the
 * running command's pid.
 */
public record Home(Path dir) {

    public Path stackDir() {
        return dir.resolve("stack");
    }

    /** The local signing key pair that issues tokens when no OIDC issuer is used. */
    public Path keyDir() {
        return dir.resolve("auth");
    }

    /**
     * The token the commands send: {@code TUNEPIPE_TOKEN} when set, else an operator's token from the local key for
     * {@code ttl}; null when there is neither (the services will answer 401).
     */
    public String token(Duration ttl) {
        String given = System.getenv("TUNEPIPE_TOKEN");
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        try {
            return new TokenIssuer(LocalKeys.read(keyDir()).privateKey()).issue("tunepipe-cli", Roles.OPERATOR, ttl);
        } catch (IOException noKey) {
            return null;
        }
    }

    /** The pid and restart count of each process a running {@code up} supervises ({@link Supervisor}). */
    public Path supervisedFile() {
        return dir.resolve("run/supervised.properties");
    }

    public Path logDir() {
        return dir.resolve("logs");
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

    /** The broker of the running stack and the CLI's credentials, from what the stack wrote at start-up. */
    public Map<String, Object> kafkaClientConfig() {
        Path addresses = stackDir().resolve("stack.properties");
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(addresses)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("no running stack found (" + addresses + " is missing): run tunepipe up");
        }
        Map<String, Object> config = new HashMap<>();
        props.stringPropertyNames().stream().filter(k -> k.startsWith("kafka."))
                .forEach(k -> config.put(k.substring("kafka.".length()), props.getProperty(k)));
        return config;
    }
}
