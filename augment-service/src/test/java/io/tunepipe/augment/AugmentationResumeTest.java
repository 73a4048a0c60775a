package io.tunepipe.augment;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.augment.paraphrase.CandidateFilter;
import io.tunepipe.augment.paraphrase.offline.OfflineParaphraser;
import io.tunepipe.augment.repository.AugmentationRun;
import io.tunepipe.augment.repository.AugmentationRunRepository;
import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExamplesAugmented;
import io.tunepipe.contracts.ExamplesIngested;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.SplitCounts;
import io.tunepipe.contracts.Topics;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.KafkaUsers;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.messaging.work.WorkLoop;
import io.tunepipe.messaging.work.WorkQueue;
import io.tunepipe.text.SentenceEmbedder;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.tunepipe.security.TestTokens.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** A run stopped after some chunks and started again, against real Kafka and PostgreSQL: nothing lost or doubled. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AugmentationResumeTest {

    private static final String[] TEMPLATES = {"How do I renew the permit of shop number %d?",
        "Can I visit the museum on day %d of the festival?", "When was building %d built?",
        "Where does team %d train in winter?", "Why is road %d closed today?",
        "Est-ce que je peux visiter le musée numéro %d ?"};

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Inject
    WorkLoop instance;
    @Inject
    WorkQueue work;
    @Inject
    AugmentationRunRepository runs;

    @Test
    void aRunStoppedMidwayResumesFromItsLastChunkWithNothingLostOrDoubled() {
        String ds = "ds-" + UUID.randomUUID();
        List<Example> train = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            train.add(example(ds, "t" + (100 + i), Split.TRAIN, TEMPLATES[i % TEMPLATES.length].formatted(i / 6 + 1)));
        }
        List<Example> held = List.of(example(ds, "x1", Split.TEST, "What is the way to renew the permit of shop"
                + " number 1?"), example(ds, "x2", Split.VALIDATION, "Where does team 2 train in summer?"));
        kafka.send(Topics.EXAMPLES_INGESTED, new ExamplesIngested(EventMetadata.deterministic("/test", ds, ds + "/0"),
                ds, 0, train.subList(0, 30)));
        kafka.send(Topics.EXAMPLES_INGESTED, new ExamplesIngested(EventMetadata.deterministic("/test", ds, ds + "/1"),
                ds, 1, concat(train.subList(30, 60), held)));
        kafka.send(Topics.DATASETS_INGESTED, new DatasetIngested(EventMetadata.create("/test", ds), ds, "faq", "h", 62,
                new SplitCounts(60, 1, 1), Map.of(), 0, 0, 2));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> run(ds) != null
                && run(ds).processed >= 8);
        instance.stop();
        AugmentationRun stopped = run(ds);
        assertThat(stopped.status).isEqualTo(AugmentationRun.Status.RUNNING);
        assertThat(stopped.processed).isBetween(8L, 56L);
        // given back to the queue: the next instance takes it at once
        assertThat(QuarkusTransaction.requiringNew().call(() -> work.status("augmentation", ds)))
                .contains(WorkQueue.Status.QUEUED);
        instance.start();

        var announced = kafka.await(Topics.DATASETS_AUGMENTED, r -> ds.equals(r.key()), 1, Duration.ofSeconds(90));
        DatasetAugmented augmented = EventCodec.decode(announced.get(0).value(), DatasetAugmented.class);
        List<ExamplesAugmented> batches = drain(Topics.EXAMPLES_AUGMENTED, ds);
        assertThat(batches).hasSize(augmented.batchCount());
        assertThat(batches).extracting(ExamplesAugmented::batchIndex).doesNotHaveDuplicates();
        assertThat(batches).extracting(b -> b.metadata().id()).doesNotHaveDuplicates();
        List<Example> published = batches.stream().flatMap(b -> b.examples().stream()).toList();
        List<String> ids = published.stream().map(Example::id).toList();
        assertThat(ids).doesNotHaveDuplicates().hasSize((int) augmented.kept());

        assertThat(new HashSet<>(ids)).isEqualTo(reference(train, held));
        assertThat(published).allSatisfy(p -> {
            assertThat(p.origin()).isEqualTo(Origin.PARAPHRASE);
            assertThat(p.split()).isEqualTo(Split.TRAIN);
            assertThat(p.sourceId()).startsWith(ds + "/t");
            assertThat(p.id()).startsWith(p.sourceId() + "/p");
        });
        asOperator().get("/augmentations/" + ds).then().statusCode(200).body("status", is("DONE"))
                .body("processed", is(60)).body("kept", is((int) augmented.kept())).body("progress", is(1.0f));
    }

    @Test
    void aRunHeldByAnInstanceThatDiedIsTakenOverOnceItsLeaseRunsOut() {
        String ds = "ds-" + UUID.randomUUID();
        instance.stop(); // while this instance is down, another claims the run and dies without releasing it
        try {
            kafka.send(Topics.EXAMPLES_INGESTED, new ExamplesIngested(EventMetadata.deterministic("/test", ds,
                    ds + "/0"), ds, 0, List.of(example(ds, "t1", Split.TRAIN, "Why is road 7 closed today?"),
                    example(ds, "t2", Split.TRAIN, "Can I visit the museum on day 3 of the festival?"))));
            kafka.send(Topics.DATASETS_INGESTED, new DatasetIngested(EventMetadata.create("/test", ds), ds, "faq",
                    "h", 2, new SplitCounts(2, 0, 0), Map.of(), 0, 0, 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> run(ds) != null);
            assertThat(QuarkusTransaction.requiringNew().call(() -> work.claim("augmentation", "instance-that-died",
                    Duration.ofSeconds(2), 1000))).extracting(WorkQueue.Claimed::key).contains(ds);
        } finally {
            instance.start();
        }

        var announced = kafka.await(Topics.DATASETS_AUGMENTED, r -> ds.equals(r.key()), 1, Duration.ofSeconds(60));
        DatasetAugmented augmented = EventCodec.decode(announced.get(0).value(), DatasetAugmented.class);
        assertThat(augmented.kept()).isPositive();
        assertThat(drain(Topics.EXAMPLES_AUGMENTED, ds).stream().flatMap(b -> b.examples().stream()))
                .hasSize((int) augmented.kept());
        assertThat(run(ds).status).isEqualTo(AugmentationRun.Status.DONE);
    }

    @Test
    void aDatasetWithoutTrainingExamplesIsAnnouncedWithNoBatches() {
        String ds = "ds-" + UUID.randomUUID();
        kafka.send(Topics.EXAMPLES_INGESTED, new ExamplesIngested(EventMetadata.deterministic("/test", ds, ds + "/0"),
                ds, 0, List.of(example(ds, "x1", Split.TEST, "Why is road 9 closed today?"))));
        kafka.send(Topics.DATASETS_INGESTED, new DatasetIngested(EventMetadata.create("/test", ds), ds, "faq", "h", 1,
                new SplitCounts(0, 0, 1), Map.of(), 0, 0, 1));

        var announced = kafka.await(Topics.DATASETS_AUGMENTED, r -> ds.equals(r.key()), 1, Duration.ofSeconds(60));
        DatasetAugmented augmented = EventCodec.decode(announced.get(0).value(), DatasetAugmented.class);
        assertThat(augmented.batchCount()).isZero();
        assertThat(augmented.kept()).isZero();
        assertThat(drain(Topics.EXAMPLES_AUGMENTED, ds)).isEmpty();
        asOperator().get("/augmentations/" + ds).then().statusCode(200).body("status", is("DONE")).body("total", is(0))
                .body("progress", is(1.0f));
    }

    /** What one uninterrupted run produces: the same paraphraser and filter over the training questions in id order. */
    private static Set<String> reference(List<Example> train, List<Example> held) {
        OfflineParaphraser paraphraser = new OfflineParaphraser();
        CandidateFilter filter = new CandidateFilter(SentenceEmbedder.shared(), 0.75, 0.985, 5);
        Set<String> known = new HashSet<>();
        concat(train, held).forEach(e -> known.add(CandidateFilter.key(e.prompt())));
        Set<String> ids = new HashSet<>();
        train.stream().sorted(Comparator.comparing(Example::id)).forEach(e -> {
            int kept = filter.filter(e.prompt(), e.completion(), paraphraser.candidates(e.prompt()), known)
                    .kept().size();
            for (int k = 1; k <= kept; k++) {
                ids.add(e.id() + "/p" + k);
            }
        });
        return ids;
    }

    /** Every batch of the dataset on the topic, read to its end. */
    private List<ExamplesAugmented> drain(String topic, String ds) {
        Map<String, Object> config = LocalStackTestResource.stack().kafka().clientConfig(KafkaUsers.ADMIN);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "drain-" + UUID.randomUUID());
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ExamplesAugmented> out = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && r.key().startsWith(ds + "/")) {
                        out.add(EventCodec.decode(r.value(), ExamplesAugmented.class));
                    }
                }
            }
            return out;
        }
    }

    private AugmentationRun run(String ds) {
        return QuarkusTransaction.requiringNew().call(() -> runs.findById(ds));
    }

    private static Example example(String ds, String id, Split split, String question) {
        return new Example(ds + "/" + id, ds + "/g-" + id, split, question, "The answer for " + id + ".", null,
                Origin.ORIGINAL, null, 2);
    }

    private static List<Example> concat(List<Example> a, List<Example> b) {
        List<Example> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
