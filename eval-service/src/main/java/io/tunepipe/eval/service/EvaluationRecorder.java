package io.tunepipe.eval.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tunepipe.contracts.EvaluationCompleted;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.Verdict;
import io.tunepipe.eval.repository.AnswerRepository;
import io.tunepipe.eval.repository.Evaluation;
import io.tunepipe.eval.repository.EvaluationRepository;
import io.tunepipe.eval.scoring.ModelSummary;
import io.tunepipe.eval.scoring.PairedComparison;
import io.tunepipe.eval.scoring.Scorecard;
import io.tunepipe.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes the end of an evaluation, completed or failed, and announces it through the outbox in the same
 * transaction (the caller's, or a new one); an evaluation ends once, so a second end is ignored. Reads the stored
 * summaries and comparisons back.
 */
@ApplicationScoped
public class EvaluationRecorder {

    public static final String SOURCE = "/eval-service";
    private static final Logger LOG = Logger.getLogger(EvaluationRecorder.class);

    @Inject
    AnswerRepository answers;
    @Inject
    EvaluationRepository evaluations;
    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry metrics;

    public void complete(String evaluationId, int questions, Scorecard card) {
        QuarkusTransaction.joiningExisting().run(() -> {
            Evaluation e = evaluations.lock(evaluationId);
            if (e.status != Evaluation.Status.RUNNING) {
                return;
            }
            card.results().forEach((role, results) -> answers.replace(evaluationId, role, results));
            Verdict v = card.verdict();
            e.questions = questions;
            e.summaries = toJson(card.summaries());
            e.comparisons = toJson(card.comparisons());
            e.outcome = v.outcome();
            e.reason = v.reason();
            e.verdictMetric = v.metric();
            e.verdictDelta = v.delta();
            e.verdictPValue = v.pValue();
            e.retrievalDelta = v.retrievalDelta();
            e.retrievalPValue = v.retrievalPValue();
            e.beatsRetrieval = v.beatsRetrieval();
            e.status = Evaluation.Status.COMPLETED;
            e.completedAt = Instant.now();
            announce(e, card, v);
        });
        LOG.infof("evaluation %s: %s", evaluationId, card.verdict().reason());
    }

    public void fail(String evaluationId, String reason) {
        QuarkusTransaction.joiningExisting().run(() -> {
            Evaluation e = evaluations.lock(evaluationId);
            if (e.status == Evaluation.Status.COMPLETED || e.status == Evaluation.Status.FAILED) {
                return;
            }
            e.status = Evaluation.Status.FAILED;
            e.outcome = Verdict.Outcome.FAILED;
            e.reason = reason;
            e.completedAt = Instant.now();
            announce(e, null, Verdict.failed(reason));
        });
        LOG.warnf("evaluation %s failed: %s", evaluationId, reason);
    }

    private void announce(Evaluation e, Scorecard card, Verdict verdict) {
        outbox.publish(Topics.EVALUATIONS_COMPLETED, new EvaluationCompleted(
                EventMetadata.deterministic(SOURCE, e.datasetId, e.id + "/completed"), e.id, e.jobId, e.datasetId,
                card == null ? List.of() : card.scores(), verdict));
        metrics.counter("tunepipe.eval.evaluations", "verdict", verdict.outcome().name().toLowerCase(Locale.ROOT))
                .increment();
    }

    /** The stored summaries of an evaluation: base, base with retrieval, fine-tuned. */
    public List<ModelSummary> summaries(Evaluation e) {
        return e.summaries == null ? List.of() : fromJson(e, e.summaries, new TypeReference<>() { });
    }

    /** The fine-tuned model's stored comparisons, against the base first. */
    public List<PairedComparison> comparisons(Evaluation e) {
        return e.comparisons == null ? List.of() : fromJson(e, e.comparisons, new TypeReference<>() { });
    }

    private <T> T fromJson(Evaluation e, String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("unreadable stored figures of " + e.id, ex);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException(ex);
        }
    }
}
