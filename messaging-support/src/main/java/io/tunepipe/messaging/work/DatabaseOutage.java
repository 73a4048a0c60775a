package io.tunepipe.messaging.work;

import org.hibernate.exception.JDBCConnectionException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure came from the database being out of reach for a moment (down, restarting, no connection to be
 * had): a {@link WorkHandler} rethrows such a failure, so that the {@link WorkLoop} runs the item again later instead
 * of it being failed for good.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** True when {@code e} or one of its causes says the connection to the database failed or was refused. */
    public static boolean causes(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            // class 08: connection exception; 57P01-57P03: the server is shutting down or not accepting connections
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }
}
