package io.tunepipe.localstack;

import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.PoisonEventException;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.TunepipeEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The consumers' dead letters ({@code <service>.<topic>.dlq}): lists them, and replays them to the topics they came
 * from. What was replayed is the committed offset of one consumer group, so a second replay sends nothing again.
 */
public final class DeadLetters {

    /** The replayer's consumer group (the CLI's {@code tunepipe-cli-} prefix: left out of the lag status shows). */
    static final String REPLAYER_GROUP = "tunepipe-cli-dlq-replayer";
    /** Headers SmallRye's dead-letter-queue failure strategy writes (all {@code dead-letter-*}: not replayed). */
    static final String SOURCE_TOPIC = "dead-letter-topic";
    static final String REASON = "dead-letter-reason";
    static final String REPLAYED_FROM = "replayed-from";
    private static final String SUFFIX = ".dlq";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One dead letter; {@code replayed} when a replay has already sent it back. */
    public record Letter(String topic, int partition, long offset, String key, String eventType, String eventId,
            String reason, String retries, Instant time, String sourceTopic, boolean replayed) {
    }

    /** What a replay did: letters sent back to their topic, and letters skipped for naming none. */
    public record Replay(int replayed, int skipped) {
    }

    private final Map<String, Object> kafkaConfig;

    /** {@code kafkaConfig}: the broker's address and the CLI's credentials. */
    public DeadLetters(Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    /** The dead-letter topics on the broker, by name. */
    public List<String> topics() throws Exception {
        try (Admin admin = Admin.create(kafkaConfig)) {
            return admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                    .filter(t -> t.endsWith(SUFFIX)).sorted().toList();
        }
    }

    /** Every letter of {@code topic}, oldest first per partition. */
    public List<Letter> list(String topic) {
        List<Letter> letters = new ArrayList<>();
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, OffsetAndMetadata> replayed = consumer.committed(Set.copyOf(partitions), TIMEOUT);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            readToEnd(consumer, partitions, r -> {
                OffsetAndMetadata done = replayed.get(new TopicPartition(r.topic(), r.partition()));
                letters.add(letter(r, done != null && r.offset() < done.offset()));
            });
        }
        return letters;
    }

    /**
     * Sends the letters of {@code topic} not replayed yet back to their original topic, with their key, value and
     * headers (but the dead-letter ones) and a {@value #REPLAYED_FROM} header; then commits the replayer's offsets.
     * A crash before the commit sends some again, which consumers drop as repeats by event id.
     */
    public Replay replay(String topic) throws Exception {
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var consumer = consumer(); var producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new StringSerializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            int[] skipped = {0};
            readToEnd(consumer, partitions, r -> {
                String source = header(r.headers(), SOURCE_TOPIC);
                if (source == null) {
                    skipped[0]++;
                } else {
                    sent.add(producer.send(replayed(r, source)));
                }
                next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            });
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            consumer.commitSync(next, TIMEOUT);
            return new Replay(sent.size(), skipped[0]);
        }
    }

    private static ProducerRecord<String, String> replayed(ConsumerRecord<String, String> letter, String source) {
        var record = new ProducerRecord<>(source, letter.key(), letter.value());
        for (Header h : letter.headers()) {
            if (!h.key().startsWith("dead-letter-")) {
                record.headers().add(h);
            }
        }
        record.headers().add(REPLAYED_FROM, (letter.topic() + "/" + letter.partition() + "/" + letter.offset())
                .getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static Letter letter(ConsumerRecord<String, String> r, boolean replayed) {
        String type = header(r.headers(), "ce_type");
        String id = header(r.headers(), "ce_id");
        if (type == null && r.value() != null) {
            try {
                TunepipeEvent event = EventCodec.decode(r.value());
                type = event.type();
                id = event.metadata().id();
            } catch (PoisonEventException unreadable) {
                type = "unreadable";
            }
        }
        return new Letter(r.topic(), r.partition(), r.offset(), r.key(), type, id, header(r.headers(), REASON),
                header(r.headers(), Topics.DEAD_LETTER_RETRIES), Instant.ofEpochMilli(r.timestamp()),
                header(r.headers(), SOURCE_TOPIC), replayed);
    }

    /** Polls the assigned partitions until each reaches the end it had when the read began. */
    private static void readToEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions,
            Consumer<ConsumerRecord<String, String>> each) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < ends.get(p))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("could not read " + partitions + " to its end within " + TIMEOUT);
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                    each.accept(r);
                }
            }
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        if (!topic.endsWith(SUFFIX)) {
            throw new IllegalArgumentException(topic + " is not a dead-letter topic (<service>.<topic>" + SUFFIX + ")");
        }
        var infos = consumer.partitionsFor(topic, TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("no topic " + topic + " on the broker");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, REPLAYER_GROUP);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static String header(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
