package io.tunepipe.cli;

import io.tunepipe.localstack.KafkaAccess;
import io.tunepipe.localstack.KafkaSetup;
import io.tunepipe.localstack.KafkaUsers;
import io.tunepipe.security.LocalKeys;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TokenIssuer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/** What docker-compose.yml needs from tunepipe: its secrets file, and its broker's users, ACLs and topics. */
@Command(name = "compose", description = "Prepare the docker-compose.yml stack: its secrets, its Kafka users.",
        subcommands = {ComposeCommand.Env.class, ComposeCommand.SetUpKafka.class})
public final class ComposeCommand {

    /**
     * The secrets of the compose stack, as environment variables: the public key that verifies tokens signed with
     * {@code keys}, eval-service's token for training-service's /v1, and a new password for every Kafka user.
     */
    static Map<String, String> secrets(LocalKeys keys) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TUNEPIPE_PUBLIC_KEY", keys.publicKeyBase64());
        env.put("TUNEPIPE_SERVICE_TOKEN", new TokenIssuer(keys.privateKey())
                .issue("eval-service", Roles.VIEWER, Duration.ofDays(365)));
        env.putAll(KafkaUsers.generate().environment());
        return env;
    }

    /** Writes the {@code .env} file docker compose reads, once. */
    @Command(name = "env", description = "Write the secrets of docker-compose.yml to .env (readable by you alone): "
            + "the public key of your local signing key, the evaluation service's token and a password per Kafka "
            + "user. An existing file is kept.")
    static final class Env implements Callable<Integer> {

        @Mixin
        CommonOptions common;

        @Option(names = "--file", defaultValue = ".env", description = "Where to write (default: ${DEFAULT-VALUE}).")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (Files.exists(file)) {
                System.err.println(file + " exists and is kept. To make new secrets delete it, and the compose "
                        + "broker's volume with it (docker compose down -v): the broker keeps its first admin.");
                return TunepipeCli.FAILED;
            }
            Map<String, String> secrets = secrets(LocalKeys.createIfMissing(common.home().keyDir()));
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, "# The secrets of docker-compose.yml, made by ./tunepipe compose env: keep them "
                    + "private.\n" + secrets.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\n")
                    .collect(Collectors.joining()));
            System.out.println("wrote " + secrets.size() + " secrets to " + file + ": " + String.join(", ",
                    secrets.keySet()) + "\nnext: ./mvnw package -DskipTests && docker compose up --build");
            return 0;
        }
    }

    /** Signs every Kafka user up, grants its ACLs and creates the topics: the compose stack's kafka-setup step. */
    @Command(name = "kafka-setup", description = "As the broker's admin, sign every Kafka user up, grant what "
            + "each may do and create the topics (again: nothing changes the second time). Passwords come from "
            + "TUNEPIPE_KAFKA_<USER>_PASSWORD, as ./tunepipe compose env writes them.")
    static final class SetUpKafka implements Callable<Integer> {

        @Option(names = "--bootstrap-server", required = true, description = "The broker, e.g. kafka:9092.")
        String bootstrapServer;

        @Override
        public Integer call() throws Exception {
            KafkaUsers users;
            try {
                users = KafkaUsers.fromEnvironment(System.getenv());
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage() + ": run ./tunepipe compose env and pass .env to this container");
                return TunepipeCli.FAILED;
            }
            Map<String, Object> config = new LinkedHashMap<>(users.clientConfig(KafkaUsers.ADMIN, bootstrapServer));
            config.put("default.api.timeout.ms", 60_000);
            try (Admin admin = Admin.create(config)) {
                KafkaSetup.apply(admin, users);
            } catch (ExecutionException | KafkaException e) {
                System.err.println("cannot set up Kafka at " + bootstrapServer + ": " + e.getMessage());
                return TunepipeCli.UNAVAILABLE;
            }
            List<String> clients = KafkaUsers.CLIENTS;
            System.out.println("Kafka at " + bootstrapServer + " is set up: " + clients.size() + " users ("
                    + String.join(", ", clients) + "), " + KafkaAccess.bindings().size() + " ACLs, every topic");
            return 0;
        }
    }
}
