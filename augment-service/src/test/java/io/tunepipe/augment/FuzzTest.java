package io.tunepipe.augment;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.security.EndpointFuzzer;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile requests from {@link EndpointFuzzer} to every endpoint of augment-service (at least 4) on the
 * real PostgreSQL and Kafka: no 5xx, no 4xx without a message, and the service still up.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class FuzzTest {

    @Test
    void everyEndpointAnswersHostileRequestsWithAFourHundredAndAMessageAndStaysUp() {
        EndpointFuzzer.requireRobust("augment-service", 4);
    }
}
