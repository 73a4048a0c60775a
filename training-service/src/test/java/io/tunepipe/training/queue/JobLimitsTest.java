package io.tunepipe.training.queue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.tunepipe.security.TestTokens.asOperator;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** Requests for jobs outside what a provider or the budget allows get a 400 or a warning, never a 500. */
@QuarkusTest
class JobLimitsTest {

    @Inject
    ExampleRepository examples;
    @Inject
    BatchLedgerRepository ledger;

    @Test
    void badRequestsGetAClearJsonError() {
        String ds = QueueFixtures.readyDataset(examples, ledger, 10);
        asOperator().contentType(ContentType.JSON).body("{\"datasetId\": \"" + ds + "\", \"provider\": \"vertex\"}")
                .post("/jobs").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Bad Request"))
                .body("status", equalTo(400))
                .body("detail", startsWith("unknown training provider 'vertex'; this build has "))
                .body("detail", allOf(containsString("azure-openai"), containsString("command"),
                        containsString("fireworks"), containsString("local"), containsString("together")))
                .body("instance", equalTo("/jobs"));
        asOperator().contentType(ContentType.JSON)
                .body("{\"datasetId\": \"" + ds + "\", \"hyperparameters\": {\"n_epochs\": \"lots\"}}")
                .post("/jobs").then().statusCode(400)
                .body("detail", containsString("n_epochs must be \"auto\" or a positive integer"));
        asOperator().contentType(ContentType.JSON).body("{\"datasetId\": \"nothing-here\"}")
                .post("/jobs").then().statusCode(404)
                .body("detail", equalTo("dataset nothing-here has no examples in training-service"));
        asOperator().contentType(ContentType.JSON).body("{\"provider\": \"openai\"}")
                .post("/jobs").then().statusCode(400).body("detail", equalTo("datasetId is required"));
        asOperator().get("/jobs/no-such-job").then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo("Not Found")).body("detail", equalTo("no training job no-such-job"));
        asOperator().queryParam("status", "DONE").get("/jobs").then().statusCode(400)
                .body("detail", containsString("unknown status 'DONE'"));
    }

    @Test
    void outOfRangeOrHugeLearningRatesAreRefusedWithoutParsingThem() {
        String ds = QueueFixtures.readyDataset(examples, ledger, 10);
        for (String lr : new String[] {"1e20", "1e900000000", "0", "11"}) {
            asOperator().contentType(ContentType.JSON).body("{\"datasetId\": \"" + ds
                    + "\", \"hyperparameters\": {\"learning_rate_multiplier\": \"" + lr + "\"}}")
                    .post("/jobs").then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("learning_rate_multiplier must be \"auto\" or a number greater"
                            + " than 0 and at most 10, not \"" + lr + "\""));
        }
        asOperator().contentType(ContentType.JSON).body("{\"datasetId\": \"" + ds + "\", \"hyperparameters\": [}")
                .post("/jobs").then().statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("the request body is not valid"));
    }

    @Test
    void hyperparametersOutsideTheProvidersRangesAreRefusedBeforeAnythingIsQueued() {
        String ds = QueueFixtures.readyDataset(examples, ledger, 10);
        String tooMuch = "{\"datasetId\": \"" + ds + "\", \"provider\": \"openai\", \"hyperparameters\":"
                + " {\"n_epochs\": 1000000, \"batch_size\": \"257\"}}";
        for (String path : new String[] {"/jobs", "/jobs/estimate"}) {
            asOperator().contentType(ContentType.JSON).body(tooMuch).post(path).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("provider openai: n_epochs must be between 1 and 50, not 1000000;"
                            + " batch_size must be between 1 and 256, not 257"));
        }
        asOperator().queryParam("datasetId", ds).get("/jobs").then().statusCode(200).body("size()", equalTo(0));
        asOperator().contentType(ContentType.JSON).body("{\"datasetId\": \"" + ds + "\", \"provider\": \"openai\","
                + " \"hyperparameters\": {\"n_epochs\": 50, \"batch_size\": 256}}")
                .post("/jobs").then().statusCode(201);
    }

    @Test
    void overlongIdsAndModelNamesAreRefusedWithTheirLength() {
        asOperator().contentType(ContentType.JSON).body("{\"datasetId\": \"" + "d".repeat(65) + "\"}")
                .post("/jobs").then().statusCode(400)
                .body("detail", equalTo("datasetId has 65 characters; at most 64 are allowed"));
        String ds = QueueFixtures.readyDataset(examples, ledger, 10);
        asOperator().contentType(ContentType.JSON).body("{\"datasetId\": \"" + ds + "\", \"baseModel\": \""
                + "m".repeat(600) + "\"}").post("/jobs").then().statusCode(400)
                .body("detail", equalTo("baseModel has 600 characters; at most 200 are allowed"));
    }

    @Test
    void anEstimateOverTheBudgetWarnsAndOneUnderItDoesNot() {
        String ds = QueueFixtures.readyDataset(examples, ledger, 20);
        String request = "{\"datasetId\": \"" + ds + "\", \"provider\": \"openai\","
                + " \"hyperparameters\": {\"n_epochs\": %d}}";

        asOperator().contentType(ContentType.JSON).body(request.formatted(1)).post("/jobs/estimate").then()
                .statusCode(200).body("report.warnings", empty());
        asOperator().contentType(ContentType.JSON).body(request.formatted(50)).post("/jobs/estimate").then()
                .statusCode(200).body("report.problems", empty())
                .body("report.warnings", hasItem(containsString("over the budget of 20,000 billed tokens")));
    }
}
