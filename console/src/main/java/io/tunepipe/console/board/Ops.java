package io.tunepipe.console.board;

import java.time.Instant;
import java.util.List;

/**
 * The health of the running system: each service, each consumer group's lag, each dead-letter topic.
 *
 * @param kafkaProblem why Kafka could not be asked, when it could not
 */
public record Ops(Instant checkedAt, List<ServiceHealth> services, List<ConsumerLag> lag,
        List<DeadLetters> deadLetters, long unreadableEvents, String kafkaProblem) {

    public static final Ops UNKNOWN = new Ops(null, List.of(), List.of(), List.of(), 0, null);

    /**
     * Whether a service answered its readiness check, and how fast.
     *
     * @param restarts how often {@code tunepipe up} started the service's instances again after they crashed
     */
    public record ServiceHealth(String name, String url, boolean up, String detail, long millis, int restarts) {
    }

    /** Records a consumer group has yet to read on one topic. */
    public record ConsumerLag(String group, String topic, long lag) {
    }

    /** Records parked on a dead-letter topic. */
    public record DeadLetters(String topic, long records) {
    }

    public Ops withUnreadableEvents(long count) {
        return new Ops(checkedAt, services, lag, deadLetters, count, kafkaProblem);
    }
}
