package io.tunepipe.messaging;

import io.tunepipe.contracts.TunepipeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The log of events each consumer has handled; checked in the consumer's own transaction to make it idempotent. */
@ApplicationScoped
public class ConsumedEventRepository {

    @Inject
    EntityManager em;

    /**
     * Records that {@code consumer} handles {@code event}; false when it already did, in which case the caller
     * must change nothing. Rolled back with the caller's transaction if the handling fails.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, TunepipeEvent event) {
        return em.createNativeQuery(
                        "INSERT INTO consumed_events (consumer, event_id) VALUES (:consumer, :id)"
                                + " ON CONFLICT DO NOTHING")
                .setParameter("consumer", consumer)
                .setParameter("id", event.metadata().id())
                .executeUpdate() == 1;
    }

    /** Whether {@code consumer} has already handled {@code event}, for consumers that record it after acting. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean alreadyConsumed(String consumer, TunepipeEvent event) {
        return !em.createNativeQuery("SELECT 1 FROM consumed_events WHERE consumer = :consumer AND event_id = :id")
                .setParameter("consumer", consumer)
                .setParameter("id", event.metadata().id())
                .getResultList().isEmpty();
    }
}
