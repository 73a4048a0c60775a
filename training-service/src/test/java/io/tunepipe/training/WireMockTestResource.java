package io.tunepipe.training;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Stands in for the OpenAI, Together AI, Fireworks AI and Azure OpenAI APIs: an in-process WireMock on a free port,
 * shared by every test of the JVM.
 */
public class WireMockTestResource implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort().globalTemplating(true));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wiremock-shutdown"));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        String base = server().baseUrl();
        return Map.of("tunepipe.training.openai.base-url", base + "/v1",
                "tunepipe.training.together.base-url", base + "/together/v1",
                "tunepipe.training.fireworks.base-url", base + "/fireworks/v1",
                "tunepipe.training.azure-openai.endpoint", base + "/azure",
                "tunepipe.training.azure-openai.deployment.management-url", base + "/arm");
    }

    @Override
    public void stop() {
        // shared by all test classes; stopped at JVM exit
    }
}
