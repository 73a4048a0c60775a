package io.tunepipe.localstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real Kafka broker and a real PostgreSQL: one fresh stack per test JVM,
 * shared by every test class and stopped when the JVM exits.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalStack stack;

    /** The stack of this JVM, started on first use. */
    public static synchronized LocalStack stack() {
        if (stack == null) {
            try {
                Path dir = Files.createTempDirectory("tunepipe-test-stack");
                stack = LocalStack.start(new LocalStack.Settings(dir, LocalStack.freePort(), LocalStack.freePort(),
                        LocalStack.freePort(), true));
                LocalStack started = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                        LocalStack.deleteRecursively(dir);
                    } catch (IOException e) {
                        System.err.println("test stack did not stop cleanly: " + e.getMessage());
                    }
                }, "test-stack-shutdown"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test stack (Kafka, PostgreSQL): "
                        + e.getMessage(), e);
            }
        }
        return stack;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        stack().serviceConfig(KafkaUsers.ADMIN).forEach((k, v) -> config.put((String) k, (String) v));
        return config;
    }

    @Override
    public void stop() {
        // The stack outlives one application start: it is shared by all test classes and stopped at JVM exit.
    }
}
