package io.tunepipe.localstack;

import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.TunepipeEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Writes and reads raw records on a broker, for tests that check what services put on the wire. */
public final class KafkaProbe {

    private final Map<String, Object> clientConfig;

    /** A probe connecting with {@code clientConfig}: bootstrap servers and credentials. */
    public KafkaProbe(Map<String, Object> clientConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
    }

    /** Sends an event as a service would: its key, its JSON. */
    public void send(String topic, TunepipeEvent event) {
        send(topic, event.key(), EventCodec.encode(event));
    }

    public void send(String topic, String key, String value) {
        try (var producer = new KafkaProducer<>(with(ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /**
     * Null when this probe's user may write to {@code topic}, else why not: the broker's or client's own error, even
     * when the producer wrapped it (a refused producer id leaves a transactional producer "in an error state").
     */
    public Throwable refusal(String topic) {
        Map<String, Object> config = with(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.putAll(clientConfig);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return reason(e.getCause());
        } catch (Exception e) {
            return reason(e);
        }
    }

    private static Throwable reason(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ApiException) {
                return t;
            }
        }
        return thrown;
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} records match {@code filter}, or fails after
     * {@code timeout}.
     */
    public List<ConsumerRecord<String, String>> await(String topic, Predicate<ConsumerRecord<String, String>> filter,
            int count, Duration timeout) {
        Map<String, Object> config = with(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> matched = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (matched.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("expected " + count + " matching records on " + topic + " within "
                            + timeout + " but saw " + matched.size());
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(r)) {
                        matched.add(r);
                    }
                }
            }
            return matched;
        }
    }

    private Map<String, Object> with(String key, Object value) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(key, value);
        return config;
    }
}
