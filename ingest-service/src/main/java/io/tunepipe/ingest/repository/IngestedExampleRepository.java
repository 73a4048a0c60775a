package io.tunepipe.ingest.repository;

import io.tunepipe.contracts.Example;
import io.tunepipe.messaging.ExampleRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A dataset's examples as ingest writes them: streamed in with COPY, numbered in order, read back by range. */
@ApplicationScoped
public class IngestedExampleRepository {

    private static final String COPY = "COPY examples (dataset_id, id, group_id, split, origin, source_id, prompt,"
            + " completion, system, source_line, ordinal) FROM STDIN (FORMAT binary)";
    private static final short COLUMNS = 11;
    private static final int COPY_BUFFER_BYTES = 1 << 18;

    @Inject
    DataSource dataSource;

    /**
     * Starts writing examples of a dataset, numbered from {@code firstOrdinal} on (0 for a dataset that has none
     * yet). The writer holds the transaction's connection in COPY mode between {@link Writer#append} and
     * {@link Writer#pause}: nothing else may use it meanwhile. The transaction's commit does not wait for its WAL to
     * reach the disk: ingest commits its chunks so, and the dataset's final commit, which waits, makes every earlier
     * one durable too; a crash of PostgreSQL before it loses a few chunks of an ingest that then starts again anyway.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Writer writer(String datasetId, long firstOrdinal) {
        try {
            Connection connection = dataSource.getConnection();
            try (Statement relaxed = connection.createStatement()) {
                relaxed.execute("SET LOCAL synchronous_commit = off");
            }
            return new Writer(datasetId, connection, firstOrdinal);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write examples of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every example of a dataset. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteOf(String datasetId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM examples WHERE dataset_id = ?")) {
            ps.setString(1, datasetId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete examples of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /** The {@code count} examples of a dataset numbered from {@code firstOrdinal}, in that order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Example> range(String datasetId, long firstOrdinal, int count) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + ExampleRepository.COLUMNS
                     + " FROM examples WHERE dataset_id = ? AND ordinal >= ? AND ordinal < ? ORDER BY ordinal")) {
            ps.setString(1, datasetId);
            ps.setLong(2, firstOrdinal);
            ps.setLong(3, firstOrdinal + count);
            List<Example> examples = new ArrayList<>(count);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    examples.add(ExampleRepository.example(rs));
                }
            }
            return examples;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read examples of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /**
     * One streaming COPY of a dataset's examples in PostgreSQL's binary format, paused whenever the connection is
     * needed for other statements. PostgreSQL stores what was sent while the next rows are prepared, instead of waiting
     * for each batch; the binary format spares both sides the escaping and parsing of text (see {@link CopyRows}).
     */
    public static final class Writer implements AutoCloseable {

        private final String datasetId;
        private final Connection connection;
        private final CopyRows rows = new CopyRows(1 << 17);
        private PGCopyOutputStream copy;
        private long nextOrdinal;

        private Writer(String datasetId, Connection connection, long firstOrdinal) {
            this.datasetId = datasetId;
            this.connection = connection;
            this.nextOrdinal = firstOrdinal;
        }

        /** Sends the examples, numbered on from the last ones sent; returns the ordinal of the first. */
        public long append(List<Example> examples) {
            long first = nextOrdinal;
            rows.clear();
            if (copy == null) {
                rows.header();
            }
            for (Example e : examples) {
                rows.row(COLUMNS);
                rows.text(datasetId).text(e.id()).text(e.groupId()).text(e.split().name()).text(e.origin().name())
                        .text(e.sourceId()).text(e.prompt()).text(e.completion()).text(e.system())
                        .int8(e.sourceLine()).int8(nextOrdinal++);
            }
            try {
                if (copy == null) {
                    copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class), COPY, COPY_BUFFER_BYTES);
                }
                rows.writeTo(copy);
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("cannot copy examples of " + datasetId + ": " + e.getMessage(), e);
            }
            return first;
        }

        /** Ends the COPY in progress, if any, once PostgreSQL has stored every row sent. */
        public void pause() {
            if (copy == null) {
                return;
            }
            try {
                rows.clear();
                rows.trailer();
                rows.writeTo(copy);
                copy.endCopy();
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("cannot copy examples of " + datasetId + ": " + e.getMessage(), e);
            } finally {
                copy = null;
            }
        }

        /** Abandons a COPY left in progress (the transaction is failing) and gives the connection back. */
        @Override
        public void close() {
            try (connection) {
                if (copy != null) {
                    copy.cancelCopy();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot close the copy of " + datasetId + ": " + e.getMessage(), e);
            }
        }
    }
}
