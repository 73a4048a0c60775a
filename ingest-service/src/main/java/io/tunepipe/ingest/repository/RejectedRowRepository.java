package io.tunepipe.ingest.repository;

import io.tunepipe.ingest.pipeline.RejectedRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Rejected rows of each dataset, kept with their line number and reason so nothing is lost silently. */
@ApplicationScoped
public class RejectedRowRepository {

    @Inject
    DataSource dataSource;

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(String datasetId, List<RejectedRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO rejected_rows (dataset_id, line, reason, detail, raw) VALUES (?, ?, ?, ?, ?)")) {
            for (RejectedRow row : rows) {
                ps.setString(1, datasetId);
                ps.setLong(2, row.line());
                ps.setString(3, row.reason());
                ps.setString(4, withoutNul(row.detail()));
                ps.setString(5, withoutNul(row.raw()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store rejected rows of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every rejected row of a dataset. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteOf(String datasetId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM rejected_rows WHERE dataset_id = ?")) {
            ps.setString(1, datasetId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete rejected rows of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /** One page of a dataset's rejected rows, in file order. */
    public List<RejectedRow> page(String datasetId, int page, int size) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT line, reason, detail, raw FROM rejected_rows"
                     + " WHERE dataset_id = ? ORDER BY seq LIMIT ? OFFSET ?")) {
            ps.setString(1, datasetId);
            ps.setInt(2, size);
            ps.setLong(3, (long) page * size);
            List<RejectedRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new RejectedRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rejected rows of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /** PostgreSQL text cannot hold NUL, which random bytes in a rejected row may contain. */
    private static String withoutNul(String s) {
        return s == null ? null : s.replace("\u0000", "\\0");
    }
}
