package io.tunepipe.console.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.tunepipe.console.board.Board;
import io.tunepipe.console.board.Ops;
import io.tunepipe.console.config.ConsoleConfig;
import io.tunepipe.console.feed.EventFeed;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every few seconds: asks each service whether it is ready, {@code tunepipe up}'s file how often it restarted it, and
 * Kafka for consumer lag and dead-letter counts; puts them on the board and on this app's Prometheus metrics, for the
 * Grafana dashboard.
 */
@ApplicationScoped
public class ClusterWatch {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** A restart count in tunepipe up's file: {@code ingest-service.restarts}, {@code ingest-service-2.restarts}. */
    private static final Pattern RESTARTS = Pattern.compile("(.+?)(?:-\\d+)?\\.restarts");

    @Inject
    Board board;
    @Inject
    ConsoleConfig config;
    /** Every {@code kafka.*} setting (address and credentials), as Quarkus gathers them. */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private Admin admin;
    private LiveGauge serviceUp;
    private LiveGauge consumerLag;
    private LiveGauge deadLetters;

    @Inject
    void gauges(MeterRegistry registry) {
        serviceUp = new LiveGauge(MultiGauge.builder("tunepipe.console.service.up")
                .description("1 when the service answers its readiness check").register(registry));
        consumerLag = new LiveGauge(MultiGauge.builder("tunepipe.console.consumer.lag")
                .description("records a consumer group has yet to read, per topic").register(registry));
        deadLetters = new LiveGauge(MultiGauge.builder("tunepipe.console.dead.letters")
                .description("records parked on a dead-letter topic").register(registry));
    }

    @Scheduled(every = "${tunepipe.console.ops-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        List<Ops.ServiceHealth> services = new ArrayList<>();
        Map<String, Integer> restarts = restarts();
        config.services().byName().forEach((name, url) -> services.add(health(name, url,
                restarts.getOrDefault(name, 0))));
        serviceUp.set(services.stream().collect(Collectors.toMap(h -> Tags.of("service", h.name()),
                h -> h.up() ? 1L : 0L)));
        try {
            Admin kafka = admin();
            List<Ops.ConsumerLag> lag = lag(kafka);
            List<Ops.DeadLetters> parked = deadLetters(kafka);
            consumerLag.set(lag.stream().collect(Collectors.toMap(l -> Tags.of("group", l.group(), "topic", l.topic()),
                    Ops.ConsumerLag::lag)));
            deadLetters.set(parked.stream().collect(Collectors.toMap(d -> Tags.of("topic", d.topic()),
                    Ops.DeadLetters::records)));
            board.ops(new Ops(Instant.now(), services, lag, parked, 0, null));
        } catch (Exception e) {
            board.ops(new Ops(Instant.now(), services, List.of(), List.of(), 0,
                    "Kafka at " + kafka.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                            + " did not answer: " + e.getMessage()));
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }

    private Ops.ServiceHealth health(String name, String url, int restarts) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - started) / 1_000_000;
            boolean up = r.statusCode() == 200;
            return new Ops.ServiceHealth(name, url, up, up ? "ready" : "not ready (HTTP " + r.statusCode() + ")",
                    millis, restarts);
        } catch (Exception e) {
            return new Ops.ServiceHealth(name, url, false, "unreachable", (System.nanoTime() - started) / 1_000_000,
                    restarts);
        }
    }

    /** How often {@code tunepipe up} restarted each service, its instances together, from the file it keeps. */
    private Map<String, Integer> restarts() {
        Map<String, Integer> restarts = new HashMap<>();
        Optional<Path> file = config.restartsFile().filter(Files::exists);
        if (file.isEmpty()) {
            return restarts;
        }
        Properties state = new Properties();
        try (Reader in = Files.newBufferedReader(file.get())) {
            state.load(in);
        } catch (IOException e) {
            return restarts;
        }
        state.forEach((key, value) -> {
            Matcher m = RESTARTS.matcher((String) key);
            if (m.matches()) {
                restarts.merge(m.group(1), Integer.parseInt((String) value), Integer::sum);
            }
        });
        return restarts;
    }

    /** Lag of every consumer group but the console's own, summed per topic. */
    private List<Ops.ConsumerLag> lag(Admin kafka) throws Exception {
        List<String> groups = kafka.listConsumerGroups().all().get(5, TimeUnit.SECONDS).stream()
                .map(ConsumerGroupListing::groupId).filter(g -> !g.startsWith(EventFeed.GROUP_PREFIX)).sorted()
                .toList();
        List<Ops.ConsumerLag> lag = new ArrayList<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            committed.values().removeIf(Objects::isNull);
            Map<TopicPartition, Long> ends = endOffsets(kafka, committed.keySet(), OffsetSpec.latest());
            Map<String, Long> byTopic = new TreeMap<>();
            committed.forEach((tp, offset) -> byTopic.merge(tp.topic(),
                    Math.max(0, ends.getOrDefault(tp, offset.offset()) - offset.offset()), Long::sum));
            byTopic.forEach((topic, n) -> lag.add(new Ops.ConsumerLag(group, topic, n)));
        }
        return lag;
    }

    /** Records on each dead-letter topic: its end offsets less its start offsets. */
    private List<Ops.DeadLetters> deadLetters(Admin kafka) throws Exception {
        List<String> topics = kafka.listTopics().names().get(5, TimeUnit.SECONDS).stream()
                .filter(t -> t.endsWith(".dlq")).sorted().toList();
        if (topics.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> partitions = kafka.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS)
                .values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        Map<TopicPartition, Long> ends = endOffsets(kafka, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = endOffsets(kafka, partitions, OffsetSpec.earliest());
        Map<String, Long> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.merge(tp.topic(), ends.getOrDefault(tp, 0L) - starts.getOrDefault(tp, 0L), Long::sum);
        }
        return byTopic.entrySet().stream().map(e -> new Ops.DeadLetters(e.getKey(), e.getValue())).toList();
    }

    private static Map<TopicPartition, Long> endOffsets(Admin kafka, Collection<TopicPartition> partitions,
            OffsetSpec spec) throws Exception {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return kafka.listOffsets(request).all().get(5, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>(kafka);
            settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            admin = Admin.create(settings);
        }
        return admin;
    }
}
