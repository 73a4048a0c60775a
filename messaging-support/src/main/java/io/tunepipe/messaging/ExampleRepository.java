package io.tunepipe.messaging;

import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/** The {@code examples} table of a service's schema: batched inserts, counts, and streaming reads by split. */
@ApplicationScoped
public class ExampleRepository {

    /** The columns, in order, that {@link #example(ResultSet)} reads an example from. */
    public static final String COLUMNS = "id, group_id, split, prompt, completion, system, origin, source_id,"
            + " source_line";

    @Inject
    DataSource dataSource;

    /** Inserts the examples in JDBC batches; an example already stored (a redelivery) is left as it is. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(String datasetId, Iterable<Example> examples) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO examples (dataset_id, id, group_id, split, origin,"
                     + " source_id, prompt, completion, system, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                     + " ON CONFLICT DO NOTHING")) {
            int pending = 0;
            for (Example e : examples) {
                ps.setString(1, datasetId);
                ps.setString(2, e.id());
                ps.setString(3, e.groupId());
                ps.setString(4, e.split().name());
                ps.setString(5, e.origin().name());
                ps.setString(6, e.sourceId());
                ps.setString(7, e.prompt());
                ps.setString(8, e.completion());
                ps.setString(9, e.system());
                ps.setLong(10, e.sourceLine());
                ps.addBatch();
                if (++pending == 1000) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store examples of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /** Number of stored examples per split (splits with none are absent). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Split, Long> countBySplit(String datasetId) {
        Map<Split, Long> counts = new EnumMap<>(Split.class);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT split, count(*) FROM examples WHERE dataset_id = ? GROUP BY split")) {
            ps.setString(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(Split.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count examples of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /** Streams the examples of one split in id order without loading them all. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void forEach(String datasetId, Split split, Consumer<Example> action) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM examples WHERE dataset_id = ? AND split = ? ORDER BY id")) {
            ps.setFetchSize(1000);
            ps.setString(1, datasetId);
            ps.setString(2, split.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    action.accept(example(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read examples of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /** The example at the cursor of a result set that selected {@link #COLUMNS}. */
    public static Example example(ResultSet rs) throws SQLException {
        return new Example(rs.getString(1), rs.getString(2), Split.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getString(6), Origin.valueOf(rs.getString(7)), rs.getString(8), rs.getLong(9));
    }
}
