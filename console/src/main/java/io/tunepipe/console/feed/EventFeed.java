package io.tunepipe.console.feed;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.tunepipe.console.board.Board;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.PoisonEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads every pipeline topic from its beginning into the {@link Board}, then follows it live. It commits nothing:
 * each start replays the history Kafka keeps, so the console needs no database of its own.
 */
@ApplicationScoped
public class EventFeed {

    /** Consumer groups of this feed start with this, so the lag view can leave them out. */
    public static final String GROUP_PREFIX = "tunepipe-console-";

    private static final Logger LOG = Logger.getLogger(EventFeed.class);

    /** Topics whose events the board folds in; example batches are only counted, by record key. */
    private static final Set<String> TOPICS = Set.of(Topics.DATASETS_INGESTED, Topics.EXAMPLES_AUGMENTED,
            Topics.DATASETS_AUGMENTED, Topics.TRAINING_JOB_STATUSES, Topics.EVALUATIONS_COMPLETED);

    @Inject
    Board board;
    /** Every {@code kafka.*} setting (address and credentials), as Quarkus gathers them. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    void start(@Observes StartupEvent ignored) {
        running = true;
        thread = new Thread(this::run, "console-event-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        thread.join(5_000);
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(settings(), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                c.subscribe(Pattern.compile(String.join("|", TOPICS)));
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                        fold(r);
                    }
                }
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("event feed stopped (%s); reading again from the beginning in 5 s", e.getMessage());
                board.restart();
                pause();
            }
        }
    }

    private void fold(ConsumerRecord<String, byte[]> r) {
        Instant at = Instant.ofEpochMilli(r.timestamp());
        if (r.topic().equals(Topics.EXAMPLES_AUGMENTED)) {
            String key = r.key() == null ? "" : r.key();
            int slash = key.lastIndexOf('/');
            if (slash > 0) {
                board.augmentedBatch(key.substring(0, slash), at);
            } else {
                board.unreadable();
            }
            return;
        }
        if (r.value() == null) {
            board.unreadable();
            return;
        }
        try {
            board.apply(EventCodec.decode(new String(r.value(), StandardCharsets.UTF_8)), at);
        } catch (PoisonEventException e) {
            LOG.warnf("skipped an unreadable event at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
            board.unreadable();
        }
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, GROUP_PREFIX + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024));
        return settings;
    }

    private static void pause() {
        try {
            Thread.sleep(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
