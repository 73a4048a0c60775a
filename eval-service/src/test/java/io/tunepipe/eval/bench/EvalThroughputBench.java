package io.tunepipe.eval.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tunepipe.eval.run.EvaluationRunner;
import io.tunepipe.eval.run.HeldOutQuestion;
import io.tunepipe.eval.run.OpenAiCompatibleEndpoint;
import io.tunepipe.eval.scoring.QuestionResult;
import io.tunepipe.llm.LlmGuard;
import io.tunepipe.text.SentenceEmbedder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * Evaluation throughput against an OpenAI-compatible stub that answers after 300 ms: questions evaluated per
 * second (asked through langchain4j-open-ai and scored, embeddings included; every answer differs, so none is
 * served from the embedding cache) and the ratio to the ideal,
 * concurrency / latency. Run:
 * {@code ./mvnw -q -pl eval-service test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tunepipe.eval.bench.EvalThroughputBench [-Dexec.args="16 640"]}
 */
public final class EvalThroughputBench {

    private static final int LATENCY_MS = 300;

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int questions = args.length > 1 ? Integer.parseInt(args[1]) : 640;
        WireMockServer stub = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .containerThreads(Math.max(64, concurrency * 4)).jettyAcceptors(2).globalTemplating(true));
        stub.start();
        try {
            stub.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                    .withFixedDelay(LATENCY_MS).withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"chatcmpl-b\",\"object\":\"chat.completion\",\"created\":1732400000,"
                            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                            + "\"content\":\"Answer to {{jsonPath request.body '$.messages[0].content'}}\"},"
                            + "\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":9,\"total_tokens\":21}}")));
            List<HeldOutQuestion> qs = new ArrayList<>();
            for (int i = 0; i < questions; i++) {
                qs.add(new HeldOutQuestion("b/" + i, "When does office number " + i + " open?",
                        "Office " + i + " opens at " + (i % 12 + 1) + " o'clock.", i % 3 == 0, false));
            }
            SentenceEmbedder embedder = SentenceEmbedder.shared();
            embedder.embed("warm-up");
            var endpoint = new OpenAiCompatibleEndpoint(stub.baseUrl() + "/v1", "sk-bench", "m",
                    Duration.ofSeconds(30), null);
            var runner = new EvaluationRunner(new EvaluationRunner.Settings(concurrency,
                    LlmGuard.Settings.withoutBreaker(3, Duration.ofMillis(100), Duration.ofSeconds(1))),
                    embedder, null);
            runner.run(qs.subList(0, Math.min(concurrency * 2, qs.size())), endpoint, n -> { }); // warm the client

            long started = System.nanoTime();
            List<QuestionResult> results = runner.run(qs, endpoint, n -> { });
            double seconds = (System.nanoTime() - started) / 1e9;
            long errors = results.stream().filter(QuestionResult::failed).count();
            double rate = questions / seconds;
            double ideal = concurrency * 1000.0 / LATENCY_MS;
            System.out.printf("questions %d, concurrency %d, stub latency %d ms, errors %d%n", questions, concurrency,
                    LATENCY_MS, errors);
            System.out.printf("evaluated %.1f questions/s in %.2f s; ideal %.1f/s; ratio %.0f%%%n", rate, seconds,
                    ideal, 100 * rate / ideal);
        } finally {
            stub.stop();
        }
    }
}
