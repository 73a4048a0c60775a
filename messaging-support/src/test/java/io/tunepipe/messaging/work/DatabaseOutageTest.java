package io.tunepipe.messaging.work;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures the work queue runs again later, and which fail an item for good. */
class DatabaseOutageTest {

    @Test
    void aConnectionThatFailedOrWasRefusedIsAnOutageHoweverDeepItIsWrapped() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:40137 refused", "08001");
        assertThat(DatabaseOutage.causes(new IllegalStateException("augmenting", new JDBCConnectionException(
                "Unable to acquire JDBC Connection", refused)))).isTrue();
        assertThat(DatabaseOutage.causes(new RuntimeException(refused))).isTrue();
        assertThat(DatabaseOutage.causes(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseOutage.causes(new IllegalArgumentException("no paraphraser 'x'"))).isFalse();
        assertThat(DatabaseOutage.causes(new ConstraintViolationException("duplicate key",
                new SQLException("duplicate key value", "23505"), "pk"))).isFalse();
        assertThat(DatabaseOutage.causes(new SQLException("no state"))).isFalse();
    }
}
