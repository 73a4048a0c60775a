package io.tunepipe.messaging.work;

/**
 * One kind of background work of a service, run by {@link WorkLoop} for each item it claims from
 * {@link WorkQueue}. {@link #run} records the item's outcome in the service's own tables and returns; an exception
 * counts as a failed start, tried again once the lease time passed, until {@link #giveUp} is called.
 */
public interface WorkHandler {

    /** The kind of items this handler runs, as queued with {@link WorkQueue#enqueue}. */
    String kind();

    /** How many items of this kind one instance runs at once. */
    default int concurrency() {
        return 1;
    }

    /** Does the work of {@code key}, outside any transaction; {@code lease} says whether to go on. */
    void run(String key, WorkLease lease) throws Exception;

    /**
     * Records, in the caller's transaction, that the item is failed for good after {@code attempts} starts that
     * did not finish (its instance died, or {@link #run} threw each time); {@code reason} says so for a user.
     */
    void giveUp(String key, int attempts, String reason);
}
