package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tunepipe.security.LocalKeys;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TokenIssuer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** docker-compose.yml brought up by Testcontainers, the sample run through it; skipped where no Docker answers. */
class ComposeIT {

    @Test
    void theSampleRunsThroughTheComposeStack() throws Exception {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "no Docker engine answers here: the compose stack is not tested on this machine");
        Path root = Path.of(System.getProperty("tunepipe.root", "..")).toAbsolutePath().normalize();
        LocalKeys keys = LocalKeys.createIfMissing(Files.createTempDirectory("tunepipe-compose-keys"));
        TokenIssuer issuer = new TokenIssuer(keys.privateKey());
        try (ComposeContainer compose = new ComposeContainer(new File(root.toFile(), "docker-compose.yml"))
                .withEnv(ComposeCommand.secrets(keys))
                .withBuild(true)
                .withExposedService("ingest-service", 8081, Wait.forHttp("/q/health/ready").forStatusCode(200))
                .withExposedService("eval-service", 8084, Wait.forHttp("/q/health/ready").forStatusCode(200))
                .withStartupTimeout(Duration.ofMinutes(10))) {
            compose.start();
            String ingest = "http://" + compose.getServiceHost("ingest-service", 8081) + ":"
                    + compose.getServicePort("ingest-service", 8081);
            String eval = "http://" + compose.getServiceHost("eval-service", 8084) + ":"
                    + compose.getServicePort("eval-service", 8084);
            Api api = new Api(issuer.issue("compose-it", Roles.OPERATOR, Duration.ofHours(1)));
            String datasetId = api.upload(ingest + "/datasets", root.resolve("samples/jonny-whizbang.csv"),
                    Map.of("name", "jonny")).path("id").asText();
            JsonNode evaluation = await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> api.get(eval + "/evaluations?datasetId=" + datasetId).path(0),
                            e -> "COMPLETED".equals(e.path("status").asText()));
            // promoted or held is the evaluation's to say; a verdict that could not be given is a failure
            assertThat(evaluation.path("verdict").path("outcome").asText()).isIn("PROMOTED", "HELD");
        }
    }
}
