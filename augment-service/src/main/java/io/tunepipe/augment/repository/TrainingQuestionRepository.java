package io.tunepipe.augment.repository;

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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The training examples of a dataset read from the shared examples table, in id order, chunk by chunk. */
@ApplicationScoped
public class TrainingQuestionRepository {

    @Inject
    DataSource dataSource;

    /** Up to {@code limit} training examples with ids after {@code afterId} (null: from the start). */
    public List<Example> chunk(String datasetId, String afterId, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, group_id, prompt, completion, system, source_line"
                     + " FROM examples WHERE dataset_id = ? AND split = 'TRAIN' AND origin = 'ORIGINAL' AND id > ?"
                     + " ORDER BY id LIMIT ?")) {
            ps.setString(1, datasetId);
            ps.setString(2, afterId == null ? "" : afterId);
            ps.setInt(3, limit);
            List<Example> chunk = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    chunk.add(new Example(rs.getString(1), rs.getString(2), Split.TRAIN, rs.getString(3),
                            rs.getString(4), rs.getString(5), Origin.ORIGINAL, null, rs.getLong(6)));
                }
            }
            return chunk;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read training examples of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /** Every question of the dataset (all splits), so a rewording never repeats one of them. */
    public void forEachQuestion(String datasetId, Consumer<String> action) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT prompt FROM examples WHERE dataset_id = ?")) {
            ps.setString(1, datasetId);
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    action.accept(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read questions of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /** Removes the paraphrases of a dataset before it is paraphrased again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int deleteParaphrases(String datasetId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM examples WHERE dataset_id = ? AND origin = ?")) {
            ps.setString(1, datasetId);
            ps.setString(2, Origin.PARAPHRASE.name());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove paraphrases of " + datasetId + ": " + e.getMessage(), e);
        }
    }
}
