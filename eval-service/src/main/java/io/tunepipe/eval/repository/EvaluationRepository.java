package io.tunepipe.eval.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;

/** The {@code evaluations} table. */
@ApplicationScoped
public class EvaluationRepository implements PanacheRepositoryBase<Evaluation, String> {

    public List<Evaluation> newestFirst() {
        return listAll(Sort.descending("createdAt"));
    }

    public List<Evaluation> ofDataset(String datasetId) {
        return list("datasetId = ?1 order by createdAt", datasetId);
    }

    public List<Evaluation> waiting() {
        return list("status = ?1 order by createdAt", Evaluation.Status.WAITING_FOR_DATA);
    }

    public Evaluation ofJob(String jobId) {
        return find("jobId", jobId).firstResult();
    }

    /** The latest evaluation of the fine-tuned model that had a retrieval model, or null. */
    public Evaluation latestWithRetrieval(String provider, String fineTunedModel) {
        return find("provider = ?1 and fineTunedModel = ?2 and retrievalModel is not null order by createdAt desc",
                provider, fineTunedModel).firstResult();
    }

    /** The evaluation, locked until the transaction ends. */
    public Evaluation lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Moves the evaluation from {@code from} to {@code to}; false when it was not in {@code from}. */
    public boolean move(String id, Evaluation.Status from, Evaluation.Status to) {
        return update("status = ?1 where id = ?2 and status = ?3", to, id, from) == 1;
    }
}
