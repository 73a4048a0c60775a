package io.tunepipe.training.queue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.security.EndpointFuzzer;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile requests from {@link EndpointFuzzer} to every endpoint of training-service (at least 8) on the
 * real PostgreSQL and Kafka: no 5xx, no 4xx without a message, and the service still up.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class FuzzTest {

    @Test
    void everyEndpointAnswersHostileRequestsWithAFourHundredAndAMessageAndStaysUp() {
        EndpointFuzzer.requireRobust("training-service", 8);
    }
}
