package io.tunepipe.augment;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.security.EndpointFuzzer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class FuzzTest {

    @Test
    void everyEndpointAnswersHostileRequestsWithAFourHundredAndAMessageAndStaysUp() {
        EndpointFuzzer.Outcome outcome = EndpointFuzzer.fuzzService();

        Logger.getLogger(FuzzTest.class).infof("augment-service fuzzed: %d requests over %d operations, %d failures",
                outcome.requests(), outcome.operations(), outcome.failures().size());
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.operations()).isGreaterThanOrEqualTo(2);
        assertThat(EndpointFuzzer.healthy()).isTrue();
    }
}
