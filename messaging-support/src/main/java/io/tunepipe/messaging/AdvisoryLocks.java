package io.tunepipe.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** PostgreSQL transaction-level advisory locks on a text key: the one place that takes them. */
@ApplicationScoped
public class AdvisoryLocks {

    @Inject
    EntityManager em;

    /** Waits for, then holds until the caller's transaction ends, the lock on {@code key}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String key) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", key)
                .getSingleResult();
    }
}
