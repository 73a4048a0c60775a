package io.tunepipe.ingest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.IngestRequested;
import io.tunepipe.contracts.Topics;
import io.tunepipe.ingest.repository.Dataset;
import io.tunepipe.ingest.service.IngestService;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.messaging.work.WorkLoop;
import io.tunepipe.messaging.work.WorkQueue;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tunepipe.security.TestTokens.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Ingest refuses what it must not read and stops retrying what cannot finish. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class UntrustedInputTest {

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Inject
    WorkQueue work;
    @Inject
    WorkLoop instance;

    @Test
    void aKafkaCommandNamingAFileOutsideTheInboxIsDeadLetteredAndIngestsNothing() throws Exception {
        Path secret = Files.createTempFile("secret", ".csv");
        Files.writeString(secret, "question,answer\nSecret?,Yes.\n");
        Path inbox = Files.createDirectories(Path.of("target/ingest-test-data/inbox"));
        Path link = inbox.resolve("link-" + System.nanoTime() + ".csv");
        Files.createSymbolicLink(link, secret.toAbsolutePath());
        List<String> outside = List.of(secret.toString(), "../../" + secret.getFileName(),
                link.getFileName().toString());
        for (String path : outside) {
            kafka.send(Topics.INGEST_COMMANDS, new IngestRequested(EventMetadata.create("/test", null), path,
                    "outside-" + path, ColumnMapping.detect(), false));
        }

        var dead = kafka.await("ingest-service.ingest-commands.dlq", r -> r.value().contains("outside-"),
                outside.size(), Duration.ofSeconds(60));
        assertThat(dead).extracting(r -> EventCodec.decode(r.value(), IngestRequested.class).path())
                .containsExactlyInAnyOrderElementsOf(outside);
        List<Map<String, Object>> datasets = asOperator().get("/datasets").then().extract().path("");
        assertThat(datasets).noneSatisfy(d -> assertThat((String) d.get("name")).startsWith("outside-"));
    }

    @Test
    void aDatasetWhoseIngestKeepsDyingIsRejectedWithItsReasonInsteadOfResumedForever() throws Exception {
        Path file = Files.createTempFile("dies", ".csv");
        Files.writeString(file, "question,answer\nDies?,Every time.\n");
        String id = QuarkusTransaction.requiringNew().call(() -> {
            Dataset d = new Dataset();
            d.id = "ds-" + UUID.randomUUID().toString().substring(0, 12);
            d.name = "dies.csv";
            d.source = Dataset.Source.UPLOAD;
            d.filePath = file.toString();
            d.mapping = "{}";
            d.status = Dataset.Status.INGESTING;
            d.createdAt = Instant.now();
            d.updatedAt = d.createdAt;
            d.persist();
            work.enqueue(IngestService.WORK, d.id);
            return d.id;
        });
        // three instances took it in turn and died during it (their leases over at once)
        instance.stop();
        try {
            for (int died = 1; died <= 3; died++) {
                String owner = "instance-that-died-" + died;
                assertThat(QuarkusTransaction.requiringNew().call(() -> work.claim(IngestService.WORK, owner,
                        Duration.ZERO, 1000))).extracting(WorkQueue.Claimed::key).contains(id);
            }
        } finally {
            instance.start();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asOperator().get("/datasets/" + id).then()
                .statusCode(200).body("status", is("REJECTED"))
                .body("reason", containsString("started 3 times without finishing")));
    }
}
