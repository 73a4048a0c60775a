package io.tunepipe.eval.repository;

import io.tunepipe.eval.scoring.QuestionResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Every answer of every model in an evaluation, with its scores. */
@ApplicationScoped
public class AnswerRepository {

    @Inject
    DataSource dataSource;

    @Transactional(Transactional.TxType.MANDATORY)
    public void replace(String evaluationId, String role, List<QuestionResult> results) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM evaluation_answers WHERE evaluation_id = ? AND role = ?")) {
                delete.setString(1, evaluationId);
                delete.setString(2, role);
                delete.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO evaluation_answers (evaluation_id, role, seq,"
                    + " example_id, question, reference, rewording, answer, error, latency_ms, exact_match, token_f1,"
                    + " similarity, dont_know, input_tokens, output_tokens, judge_choice, judge_score,"
                    + " probe, is_right) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int seq = 0;
                for (QuestionResult r : results) {
                    ps.setString(1, evaluationId);
                    ps.setString(2, role);
                    ps.setInt(3, seq++);
                    ps.setString(4, r.exampleId());
                    ps.setString(5, r.question());
                    ps.setString(6, r.reference());
                    ps.setBoolean(7, r.rewording());
                    ps.setString(8, r.answer());
                    ps.setString(9, r.error());
                    ps.setLong(10, r.latencyMillis());
                    ps.setBoolean(11, r.exactMatch());
                    ps.setDouble(12, r.tokenF1());
                    ps.setDouble(13, r.similarity());
                    ps.setBoolean(14, r.dontKnow());
                    setInteger(ps, 15, r.inputTokens());
                    setInteger(ps, 16, r.outputTokens());
                    ps.setString(17, r.judgeChoice());
                    if (r.judgeScore() == null) {
                        ps.setNull(18, Types.DOUBLE);
                    } else {
                        ps.setDouble(18, r.judgeScore());
                    }
                    ps.setBoolean(19, r.probe());
                    ps.setBoolean(20, r.right());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store answers of " + evaluationId + ": " + e.getMessage(), e);
        }
    }

    public List<QuestionResult> answers(String evaluationId, String role) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT example_id, question, reference, rewording, answer,"
                     + " error, latency_ms, exact_match, token_f1, similarity, dont_know, input_tokens, output_tokens,"
                     + " judge_choice, judge_score, probe, is_right FROM evaluation_answers"
                     + " WHERE evaluation_id = ? AND role = ? ORDER BY seq")) {
            ps.setString(1, evaluationId);
            ps.setString(2, role);
            List<QuestionResult> results = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    results.add(new QuestionResult(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getBoolean(4), rs.getBoolean(16), rs.getString(5), rs.getString(6), rs.getLong(7),
                            rs.getBoolean(8), rs.getDouble(9), rs.getDouble(10), rs.getBoolean(11),
                            (Integer) rs.getObject(12), (Integer) rs.getObject(13), rs.getString(14),
                            (Double) rs.getObject(15), rs.getBoolean(17)));
                }
            }
            return results;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read answers of " + evaluationId + ": " + e.getMessage(), e);
        }
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
