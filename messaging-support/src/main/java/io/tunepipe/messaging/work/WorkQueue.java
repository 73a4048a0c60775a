package io.tunepipe.messaging.work;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The {@code work_items} table: a service's background work, one row per item (a kind and a key, such as an
 * ingest and its dataset id). Items are claimed with {@code FOR UPDATE SKIP LOCKED} and leased to one owner, who
 * keeps renewing the lease while it lives; another instance takes an item over only once that lease ran out.
 * Times come from the database clock, so instances on different hosts agree.
 */
@ApplicationScoped
public class WorkQueue {

    /** Where an item stands. */
    public enum Status { QUEUED, RUNNING, DONE, FAILED }

    /** An item as a worker claimed it; {@code attempts} counts this start. */
    public record Claimed(String kind, String key, int attempts) {
    }

    @Inject
    EntityManager em;

    @Inject
    Event<WorkLoop.Enqueued> enqueued;

    /** Queues an item in the caller's transaction, unless it is queued already; workers wake once it commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String kind, String key) {
        em.createNativeQuery("INSERT INTO work_items (kind, item_key, status) VALUES (:kind, :key, 'QUEUED')"
                        + " ON CONFLICT (kind, item_key) DO NOTHING")
                .setParameter("kind", kind).setParameter("key", key).executeUpdate();
        enqueued.fire(WorkLoop.Enqueued.INSTANCE);
    }

    /** Queues an item again from the start (attempts cleared), whatever became of it; false while it is running. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean requeue(String kind, String key) {
        int changed = em.createNativeQuery("INSERT INTO work_items (kind, item_key, status) VALUES (:kind, :key,"
                        + " 'QUEUED') ON CONFLICT (kind, item_key) DO UPDATE SET status = 'QUEUED', owner = NULL,"
                        + " lease_until = NULL, attempts = 0, next_attempt_at = now(), reason = NULL,"
                        + " updated_at = now() WHERE work_items.status <> 'RUNNING'")
                .setParameter("kind", kind).setParameter("key", key).executeUpdate();
        if (changed == 1) {
            enqueued.fire(WorkLoop.Enqueued.INSTANCE);
        }
        return changed == 1;
    }

    /**
     * Leases up to {@code max} items of {@code kind} to {@code owner}: queued ones that are due, and running ones
     * whose owner died (its lease ran out). Oldest first; rows other transactions hold are skipped.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<Claimed> claim(String kind, String owner, Duration lease, int max) {
        List<Object[]> rows = em.createNativeQuery("UPDATE work_items w SET status = 'RUNNING', owner = :owner,"
                        + " lease_until = now() + make_interval(secs => :lease), attempts = w.attempts + 1,"
                        + " updated_at = now() FROM (SELECT kind, item_key FROM work_items WHERE kind = :kind AND"
                        + " ((status = 'QUEUED' AND next_attempt_at <= now()) OR (status = 'RUNNING' AND lease_until"
                        + " < now())) ORDER BY created_at LIMIT :max FOR UPDATE SKIP LOCKED) due"
                        + " WHERE w.kind = due.kind AND w.item_key = due.item_key RETURNING w.item_key, w.attempts")
                .setParameter("owner", owner).setParameter("lease", seconds(lease)).setParameter("kind", kind)
                .setParameter("max", max).getResultList();
        return rows.stream().map(r -> new Claimed(kind, (String) r[0], ((Number) r[1]).intValue())).toList();
    }

    /**
     * Extends the leases of those of {@code items} that {@code owner} still holds: what a live instance does for the
     * items its workers run, so they are never taken over. It renews no other: an item whose end could not be written
     * (the database was down) is run by no worker, so its lease must run out for the item to be claimed again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int renew(String owner, Duration lease, Collection<Claimed> items) {
        if (items.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("UPDATE work_items SET lease_until = now() + make_interval(secs => :lease)"
                        + " WHERE owner = :owner AND status = 'RUNNING' AND kind || '/' || item_key IN (:items)")
                .setParameter("lease", seconds(lease)).setParameter("owner", owner)
                .setParameter("items", items.stream().map(i -> i.kind() + "/" + i.key()).toList()).executeUpdate();
    }

    /** Whether {@code owner} still holds the item, locking its row until the caller's transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean holds(String kind, String key, String owner) {
        return !em.createNativeQuery("SELECT 1 FROM work_items WHERE kind = :kind AND item_key = :key"
                        + " AND owner = :owner AND status = 'RUNNING' FOR UPDATE")
                .setParameter("kind", kind).setParameter("key", key).setParameter("owner", owner)
                .getResultList().isEmpty();
    }

    /** Marks an item {@code owner} holds as done; false when it was no longer this owner's. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean done(Claimed item, String owner) {
        return end(item, owner, Status.DONE, null);
    }

    /** Marks an item {@code owner} holds as failed for good, with the reason. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean fail(Claimed item, String owner, String reason) {
        return end(item, owner, Status.FAILED, reason);
    }

    /** Gives an item back to be claimed again after {@code delay}, keeping the reason it stopped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean retryLater(Claimed item, String owner, Duration delay, String reason) {
        return em.createNativeQuery("UPDATE work_items SET status = 'QUEUED', owner = NULL, lease_until = NULL,"
                        + " next_attempt_at = now() + make_interval(secs => :delay), reason = :reason,"
                        + " updated_at = now() WHERE kind = :kind AND item_key = :key AND owner = :owner"
                        + " AND status = 'RUNNING'")
                .setParameter("delay", seconds(delay)).setParameter("reason", reason)
                .setParameter("kind", item.kind()).setParameter("key", item.key()).setParameter("owner", owner)
                .executeUpdate() == 1;
    }

    /**
     * Gives back every unfinished item of {@code owner} on a clean stop, so that another instance (or this one
     * started again) resumes them at once; a stop does not count as a failed start.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int release(String owner) {
        return em.createNativeQuery("UPDATE work_items SET status = 'QUEUED', owner = NULL, lease_until = NULL,"
                        + " attempts = greatest(attempts - 1, 0), next_attempt_at = now(), updated_at = now()"
                        + " WHERE owner = :owner AND status = 'RUNNING'")
                .setParameter("owner", owner).executeUpdate();
    }

    /** The item's status, if it was ever queued. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Status> status(String kind, String key) {
        List<?> rows = em.createNativeQuery("SELECT status FROM work_items WHERE kind = :kind AND item_key = :key")
                .setParameter("kind", kind).setParameter("key", key).getResultList();
        return rows.stream().findFirst().map(s -> Status.valueOf((String) s));
    }

    private boolean end(Claimed item, String owner, Status status, String reason) {
        return em.createNativeQuery("UPDATE work_items SET status = :status, owner = NULL, lease_until = NULL,"
                        + " reason = :reason, updated_at = now() WHERE kind = :kind AND item_key = :key"
                        + " AND owner = :owner AND status = 'RUNNING'")
                .setParameter("status", status.name()).setParameter("reason", reason)
                .setParameter("kind", item.kind()).setParameter("key", item.key()).setParameter("owner", owner)
                .executeUpdate() == 1;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
