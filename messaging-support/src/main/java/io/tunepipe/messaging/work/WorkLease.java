package io.tunepipe.messaging.work;

/**
 * A handler's hold on one item: whether it should go on (false once its instance stops), and the check that, in
 * the caller's transaction, the item is still this instance's before a step is committed.
 */
public interface WorkLease {

    /** False once the instance is stopping: the handler should stop at the next safe point, uncommitted. */
    boolean active();

    /** Whether this instance still holds the item, locking it until the caller's transaction ends. */
    boolean held();
}
