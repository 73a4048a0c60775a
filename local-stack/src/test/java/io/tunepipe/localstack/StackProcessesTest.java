package io.tunepipe.localstack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The broker and PostgreSQL as processes of their own: each killed with SIGKILL and started again on its data. */
class StackProcessesTest {

    @TempDir
    Path dir;

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        for (ProcessHandle p : started) {
            p.destroy();
            p.onExit().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKilledBrokerStartsAgainWithItsRecords() throws Exception {
        StackProcesses stack = stack();
        Process broker = stack.startBroker(List.of());
        KafkaProbe probe = new KafkaProbe(stack.addresses().kafkaClientConfig(KafkaUsers.ADMIN));
        probe.send("restart-check", "k", "kept");

        broker.destroyForcibly().waitFor();
        Process again = stack.startBroker(List.of());
        started.add(again.toHandle());

        assertThat(again.pid()).isNotEqualTo(broker.pid());
        assertThat(probe.await("restart-check", r -> true, 1, Duration.ofSeconds(30)))
                .extracting(r -> r.value()).containsExactly("kept");
    }

    @Test
    void aKilledPostgresqlStartsAgainWithItsCommittedRows() throws Exception {
        StackProcesses stack = stack();
        ProcessHandle postgres = stack.startPostgres();
        assertThat(stack.postgres()).contains(postgres);
        sql(stack, "CREATE TABLE restart_check (v text); INSERT INTO restart_check VALUES ('kept')");

        postgres.destroyForcibly();
        postgres.onExit().get(30, TimeUnit.SECONDS);
        assertThat(stack.postgres()).isEmpty();
        // its backends leave the shared memory a moment after the server died: until then a start is refused
        ProcessHandle again = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(stack::startPostgres, p -> true);
        started.add(again);

        assertThat(again.pid()).isNotEqualTo(postgres.pid());
        assertThat(sql(stack, "SELECT v FROM restart_check")).isEqualTo("kept");
    }

    private StackProcesses stack() throws Exception {
        return new StackProcesses(new LocalStack.Settings(dir.resolve("stack"), LocalStack.freePort(),
                LocalStack.freePort(), LocalStack.freePort(), false), dir.resolve("logs"));
    }

    private static String sql(StackProcesses stack, String statements) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.addresses().jdbcUrl(), PostgresServer.USER,
                PostgresServer.PASSWORD); Statement s = c.createStatement()) {
            if (s.execute(statements)) {
                try (ResultSet rs = s.getResultSet()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
            return null;
        }
    }
}
