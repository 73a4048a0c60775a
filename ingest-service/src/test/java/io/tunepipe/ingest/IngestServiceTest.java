package io.tunepipe.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.DatasetRejected;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExamplesIngested;
import io.tunepipe.contracts.IngestRequested;
import io.tunepipe.contracts.Topics;
import io.tunepipe.ingest.dropfolder.DropFolderWatcher;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.tunepipe.security.TestTokens.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

/**
 * ingest-service against the real PostgreSQL and Kafka: uploads over REST (raw, multipart, repeated), the drop folder
 * and Kafka commands, the Québec FAQ's exact counts, refused and rejected files, 4xx answers to bad requests, and the
 * events each ingest sends.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class IngestServiceTest {

    private static final String CROWD_COLUMN =
            "write a coherent question that would result in the answer shown above do not copy the sample question";

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Inject
    DropFolderWatcher dropFolder;

    @Test
    void quebecFileUploadedOverRestIngestsWithExactCountsAndEvents() throws Exception {
        Response created = asOperator().contentType("text/csv")
                .queryParam("name", "collection2.csv").queryParam("question", "questions")
                .queryParam("answer", "answers").queryParam("variants", CROWD_COLUMN)
                .body(Files.readAllBytes(quebec("collection2_a1571487.csv")))
                .post("/datasets");
        created.then().statusCode(201).header("Location", containsString("/datasets/ds-"));
        String id = created.path("id");

        awaitStatus(id, "INGESTED");
        asOperator().get("/datasets/" + id).then().statusCode(200)
                .body("rowsRead", is(313)).body("examples.train", is(981)).body("examples.validation", is(90))
                .body("examples.test", is(157)).body("duplicates", is(17)).body("conflicts", is(6))
                .body("rejected", is(7)).body("rejectedByReason.answer-as-question", is(1))
                .body("encoding", is("UTF-8"));
        asOperator().queryParam("size", 3).get("/datasets/" + id + "/rejected").then().statusCode(200)
                .body("total", is(7)).body("rows.size()", is(3)).body("rows[0].line", is(820))
                .body("rows[0].reason", is("conflicting-answer"));
        String jsonl = asOperator().get("/datasets/" + id + "/splits/train").then().statusCode(200).extract()
                .asString();
        List<String> lines = jsonl.lines().toList();
        assertThat(lines).hasSize(981);
        assertThat(lines.get(0)).startsWith("{\"messages\":[{\"role\":\"user\",\"content\":");

        DatasetIngested event = EventCodec.decode(kafka.await(Topics.DATASETS_INGESTED, r -> id.equals(r.key()), 1,
                Duration.ofSeconds(30)).get(0).value(), DatasetIngested.class);
        assertThat(event.examples().total()).isEqualTo(1228);
        assertThat(event.batchCount()).isPositive();
        var batches = kafka.await(Topics.EXAMPLES_INGESTED, r -> r.key().startsWith(id + "/"), event.batchCount(),
                Duration.ofSeconds(30));
        assertThat(batches.stream()
                .mapToInt(r -> EventCodec.decode(r.value(), ExamplesIngested.class).examples().size())
                .sum()).isEqualTo(1228);
        assertThat(batches).allSatisfy(r -> assertThat(r.headers().lastHeader("ce_type")).isNotNull());
    }

    @Test
    void batchesAreBuiltFromTheStoredExamplesInOrderWithTheirTextIntact() {
        String csv = "question,answer\n\"Where is C:\\new\\table?\",\"On line one,\nand \\N on line two.\"\n"
                + "Second question?,Second answer.\n";
        String id = asOperator().contentType("text/csv").queryParam("force", true).body(csv).post("/datasets")
                .then().statusCode(201).extract().path("id");
        awaitStatus(id, "INGESTED");

        var record = kafka.await(Topics.EXAMPLES_INGESTED, r -> (id + "/0").equals(r.key()), 1, Duration.ofSeconds(30))
                .get(0);
        ExamplesIngested batch = EventCodec.decode(record.value(), ExamplesIngested.class);
        assertThat(batch.datasetId()).isEqualTo(id);
        assertThat(batch.examples()).extracting(Example::prompt, Example::completion, Example::sourceLine)
                .containsExactly(
                        tuple("Where is C:\\new\\table?", "On line one,\nand \\N on line two.", 2L),
                        tuple("Second question?", "Second answer.", 4L));
        assertThat(new String(record.headers().lastHeader("ce_id").value())).isEqualTo(batch.metadata().id());
    }

    @Test
    void theSameContentTwiceIsRecognisedUnlessForced() {
        String csv = "question,answer\nIs this twice?,Yes.\n";
        String first = asOperator().contentType("text/csv").body(csv).post("/datasets").then().statusCode(201)
                .extract().path("id");
        asOperator().contentType("text/csv").body(csv).post("/datasets").then().statusCode(200)
                .body("id", is(first)).body("duplicateOfRequest", is(true));
        asOperator().contentType("text/csv").queryParam("force", true).body(csv).post("/datasets").then()
                .statusCode(201)
                .body("id", org.hamcrest.Matchers.not(first));
    }

    @Test
    void aMultipartUploadWorksToo() {
        String id = asOperator().multiPart("file", "jonny.csv", "q,a\nWho?,Jonny.\n".getBytes(), "text/csv")
                .multiPart("question", "q").multiPart("answer", "a")
                .post("/datasets").then().statusCode(201).body("name", is("jonny.csv")).extract().path("id");
        awaitStatus(id, "INGESTED");
    }

    @Test
    void aFileDroppedInTheFolderIsIngestedAndMovedToDoneWithAReport() throws Exception {
        Path drop = dropFolder.dropDir();
        emptied(drop.resolve("done"));
        Files.writeString(drop.resolve("collection3.mapping.json"), "{\"question\":\"questions\","
                + "\"answer\":\"answers\",\"variants\":[\"" + CROWD_COLUMN + "\"]}");
        Files.copy(quebec("collection3_a1571615.csv"), drop.resolve("collection3.csv.part"));
        Files.move(drop.resolve("collection3.csv.part"), drop.resolve("collection3.csv"));

        Path report = drop.resolve("done/collection3.csv.report.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(report.toFile(), Map.class);
        assertThat(json).containsEntry("status", "INGESTED").containsEntry("rowsRead", 313);
        assertThat(drop.resolve("done/collection3.csv")).exists();
        assertThat(drop.resolve("collection3.csv")).doesNotExist();
        assertThat(drop.resolve("done/collection3.csv.mapping.json")).exists();
        assertThat(drop.resolve("collection3.mapping.json")).doesNotExist();
        asOperator().get("/datasets/" + json.get("datasetId")).then().body("source", is("FOLDER"))
                .body("examples.train", is(1912)).body("examples.test", is(338));
    }

    @Test
    void anEmptyOrBinaryUploadIsRefusedAtOnceAndNothingIsStored() {
        int before = asOperator().get("/datasets").then().extract().path("size()");

        asOperator().contentType("text/csv").body(new byte[0]).post("/datasets").then().statusCode(400)
                .body("detail", containsString("empty"));
        asOperator().contentType("application/octet-stream").body(new byte[] {'%', 'P', 'D', 'F', 0, 1, 2})
                .post("/datasets").then().statusCode(415).body("detail", containsString("PDF"));
        asOperator().multiPart("file", "sheet.xlsx", new byte[] {'P', 'K', 3, 4, 0, 0}).post("/datasets").then()
                .statusCode(415).body("detail", containsString("XLSX"));

        asOperator().get("/datasets").then().body("size()", is(before));
    }

    @Test
    void aSymbolicLinkInTheDropFolderIsNeverPickedUp() throws Exception {
        Path drop = dropFolder.dropDir();
        Files.createDirectories(drop);
        Path outside = Files.createTempFile("outside-the-drop-folder", ".csv");
        Files.writeString(outside, "question,answer\nWhat is kept outside?,A file the service may read.\n");
        String name = "linked-" + java.util.UUID.randomUUID() + ".csv";
        Path link = Files.createSymbolicLink(drop.resolve(name), outside);

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).until(() -> Files.isSymbolicLink(link)
                && !Files.exists(drop.resolve("done").resolve(name))
                && !Files.exists(drop.resolve("failed").resolve(name)));
        Files.delete(link);
    }

    @Test
    void anUnreadableDroppedFileIsRejectedWithAReasonAndAnEvent() throws Exception {
        Path drop = dropFolder.dropDir();
        emptied(drop.resolve("failed"));
        Files.write(drop.resolve("scan.csv.part"), new byte[] {'%', 'P', 'D', 'F', 0, 1, 2});
        Files.move(drop.resolve("scan.csv.part"), drop.resolve("scan.csv"));

        Path report = drop.resolve("failed/scan.csv.report.json");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(report));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(report.toFile(), Map.class);
        String id = (String) json.get("datasetId");
        awaitStatus(id, "REJECTED");
        asOperator().get("/datasets/" + id).then().body("reason", containsString("PDF"));
        var record = kafka.await(Topics.DATASETS_INGESTED, r -> id.equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
        assertThat(EventCodec.decode(record.value(), DatasetRejected.class).reason()).contains("binary");
    }

    @Test
    void aKafkaCommandNamesAFileInTheInboxToIngest() throws Exception {
        Path inbox = Files.createDirectories(Path.of("target/ingest-test-data/inbox"));
        Files.writeString(inbox.resolve("command.csv"), "prompt;completion\nFrom Kafka?;Yes, from Kafka.\n");
        kafka.send(Topics.INGEST_COMMANDS, new IngestRequested(EventMetadata.create("/test", null), "command.csv",
                "from-kafka", ColumnMapping.detect(), false));
        kafka.send(Topics.INGEST_COMMANDS, new IngestRequested(EventMetadata.create("/test", null), "no-such-file.csv",
                "missing", ColumnMapping.detect(), false));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> datasets = asOperator().get("/datasets").then().extract().path("");
            assertThat(datasets).anySatisfy(d -> assertThat(d).containsEntry("name", "from-kafka")
                    .containsEntry("status", "INGESTED").containsEntry("source", "KAFKA"));
            assertThat(datasets).anySatisfy(d -> assertThat(d).containsEntry("name", "missing")
                    .containsEntry("status", "REJECTED"));
        });
    }

    @Test
    void badRequestsGetFourHundredsWithAMessage() {
        asOperator().get("/datasets/ds-nope").then().statusCode(404).contentType("application/problem+json")
                .body("type", is("about:blank")).body("title", is("Not Found")).body("status", is(404))
                .body("detail", containsString("ds-nope")).body("instance", is("/datasets/ds-nope"));
        String id = asOperator().contentType("text/csv").body("question,answer\nSplit?,Yes.\n")
                .queryParam("force", true)
                .post("/datasets").then().statusCode(201).extract().path("id");
        awaitStatus(id, "INGESTED");
        asOperator().get("/datasets/" + id + "/splits/everything").then().statusCode(400)
                .body("detail", containsString("train, validation or test"));
        asOperator().queryParam("size", 0).get("/datasets/" + id + "/rejected").then().statusCode(400);
        asOperator().contentType("multipart/form-data").multiPart("name", "x").post("/datasets").then().statusCode(400)
                .body("detail", endsWith("holding the CSV."));
    }

    @Test
    void aSixHundredCharacterNameIsRefusedWithAMessage() {
        String name = "n".repeat(600);
        asOperator().contentType("text/csv").body("question,answer\nName?,Long.\n").queryParam("name", name)
                .post("/datasets").then().statusCode(400).contentType("application/problem+json")
                .body("title", is("Bad Request"))
                .body("detail", is("The dataset name has 600 characters; at most 255 are allowed."));
        asOperator().contentType("multipart/form-data").multiPart("name", name)
                .multiPart("file", "qa.csv", "question,answer\nName?,Long.\n".getBytes(), "text/csv")
                .post("/datasets").then().statusCode(400).body("detail", containsString("600 characters"));
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> status.equals(asOperator().get("/datasets/" + id).path("status")));
    }

    private static Path quebec(String file) {
        return io.tunepipe.testdata.TestData.file("quebec-covid-faq/" + file);
    }

    /** Creates {@code dir} or deletes what an earlier run of these tests left in it. */
    private static void emptied(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
    }

}
