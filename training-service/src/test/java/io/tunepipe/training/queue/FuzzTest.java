package io.tunepipe.training.queue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.security.EndpointFuzzer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class FuzzTest {

    @Test
    void everyEndpointAnswersHostileRequestsWithAFourHundredAndAMessageAndStaysUp() {
        EndpointFuzzer.requireRobust("training-service", 8);
    }
}
