package io.tunepipe.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Where the local stack answers and how each client signs in to it: all a service or a tool needs to reach it. */
public record StackAddresses(String kafkaBootstrapServers, String jdbcUrl, KafkaUsers users) {

    /** The settings of a Kafka client signed in as {@code user}, bootstrap servers included. */
    public Map<String, Object> kafkaClientConfig(String user) {
        return users.clientConfig(user, kafkaBootstrapServers);
    }

    /** The addresses and Kafka credentials {@code kafkaUser} needs, as Quarkus configuration properties. */
    public Properties serviceConfig(String kafkaUser) {
        Properties props = new Properties();
        kafkaClientConfig(kafkaUser).forEach((k, v) -> props.setProperty("kafka." + k, String.valueOf(v)));
        props.setProperty("quarkus.datasource.jdbc.url", jdbcUrl);
        props.setProperty("quarkus.datasource.username", PostgresServer.USER);
        props.setProperty("quarkus.datasource.password", PostgresServer.PASSWORD);
        return props;
    }

    /** {@link #serviceConfig} as the environment variables of a service process ({@code KAFKA_SASL_JAAS_CONFIG}...). */
    public Map<String, String> serviceEnvironment(String kafkaUser) {
        Map<String, String> env = new HashMap<>();
        serviceConfig(kafkaUser).forEach((k, v) -> env.put(
                ((String) k).toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"), (String) v));
        return env;
    }

    /**
     * Writes the CLI's {@link #serviceConfig} to {@code stack.properties} in {@code dataDir}, readable by its owner
     * only, for other processes.
     */
    public Path write(Path dataDir) throws IOException {
        Path file = dataDir.resolve("stack.properties");
        LocalStack.writeOwnerOnly(file, serviceConfig(KafkaUsers.CLI), "addresses of the running tunepipe local stack");
        return file;
    }
}
