package io.tunepipe.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The SCRAM users of a tunepipe broker and their passwords: {@code admin} (the broker itself and the stack's tools),
 * one user per service, the console and the CLI. The local stack makes them once and keeps them in a file only its
 * owner may read; docker-compose.yml takes them from the environment.
 */
public final class KafkaUsers {

    public static final String ADMIN = "admin";
    public static final String CONSOLE = "console";
    public static final String CLI = "cli";
    public static final String MECHANISM = "SCRAM-SHA-256";
    /** Every user besides {@link #ADMIN}; {@link KafkaAccess} says what each may do. */
    public static final List<String> CLIENTS = List.of("ingest-service", "augment-service", "training-service",
            "eval-service", CONSOLE, CLI);

    private final Properties passwords;

    private KafkaUsers(Properties passwords) {
        this.passwords = passwords;
    }

    /** The users kept in {@code file}, with any missing one added and the file written back. */
    public static KafkaUsers loadOrCreate(Path file) {
        try {
            Properties passwords = new Properties();
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    passwords.load(in);
                }
            }
            if (addMissing(passwords)) {
                LocalStack.writeOwnerOnly(file, passwords, "SCRAM users of the local Kafka broker");
            }
            return new KafkaUsers(passwords);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the Kafka users in " + file, e);
        }
    }

    /** Every user with a new password, kept nowhere: for a broker set up elsewhere (docker-compose.yml). */
    public static KafkaUsers generate() {
        Properties passwords = new Properties();
        addMissing(passwords);
        return new KafkaUsers(passwords);
    }

    /** The users whose passwords {@code env} holds under their {@link #environmentName}s; all must be there. */
    public static KafkaUsers fromEnvironment(Map<String, String> env) {
        Properties passwords = new Properties();
        for (String user : all()) {
            String password = env.get(environmentName(user));
            if (password == null || password.isBlank()) {
                throw new IllegalArgumentException(environmentName(user) + " is not set");
            }
            passwords.setProperty(user, password);
        }
        return new KafkaUsers(passwords);
    }

    /** Every user's password under its {@link #environmentName}, as {@link #fromEnvironment} reads them back. */
    public Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        all().forEach(user -> env.put(environmentName(user), password(user)));
        return env;
    }

    /** The environment variable of {@code user}'s password: {@code TUNEPIPE_KAFKA_INGEST_SERVICE_PASSWORD}... */
    public static String environmentName(String user) {
        return "TUNEPIPE_KAFKA_" + user.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
    }

    private static boolean addMissing(Properties passwords) {
        SecureRandom random = new SecureRandom();
        boolean added = false;
        for (String user : all()) {
            if (!passwords.containsKey(user)) {
                byte[] secret = new byte[24];
                random.nextBytes(secret);
                passwords.setProperty(user, HexFormat.of().formatHex(secret));
                added = true;
            }
        }
        return added;
    }

    /** {@link #ADMIN} and then every client user. */
    private static List<String> all() {
        return Stream.concat(Stream.of(ADMIN), CLIENTS.stream()).toList();
    }

    public String password(String user) {
        String password = passwords.getProperty(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user " + user);
        }
        return password;
    }

    /** The settings of a Kafka client signed in as {@code user} to the broker at {@code bootstrapServers}. */
    public Map<String, Object> clientConfig(String user, String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(clientConfig(user));
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** The settings a Kafka client needs to sign in as {@code user}. */
    public Map<String, String> clientConfig(String user) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", MECHANISM, "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                        + "\" password=\"" + password(user) + "\";");
    }
}
