package io.tunepipe.augment.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tunepipe.augment.QuebecFaq;
import io.tunepipe.augment.paraphrase.CandidateFilter;
import io.tunepipe.augment.paraphrase.Paraphraser;
import io.tunepipe.augment.paraphrase.llm.LlmParaphraser;
import io.tunepipe.augment.paraphrase.llm.LlmSettings;
import io.tunepipe.augment.paraphrase.llm.OpenAiStub;
import io.tunepipe.augment.paraphrase.llm.ParaphraseCache;
import io.tunepipe.augment.paraphrase.offline.OfflineParaphraser;
import io.tunepipe.text.SentenceEmbedder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * Paraphrasing throughput. Offline: the Québec canonical questions through the offline paraphraser and the
 * embedding filter, in questions per second. LLM: the LLM paraphraser against an OpenAI-compatible WireMock stub
 * that answers after 300 ms, one question per request, at concurrency 8 and 32, in requests per second and as a
 * share of the ideal (concurrency / latency). Run:
 * {@code ./mvnw -q -pl augment-service test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.tunepipe.augment.bench.AugmentBench [-Dexec.args="8,32 10"]}
 * (arguments: the concurrencies, and the rounds of requests per concurrency).
 */
public final class AugmentBench {

    private static final int LATENCY_MS = 300;

    public static void main(String[] args) throws Exception {
        int[] concurrencies = java.util.Arrays.stream((args.length > 0 ? args[0] : "8,32").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        offline();
        for (int concurrency : concurrencies) {
            llm(concurrency, rounds);
        }
    }

    private static void offline() {
        List<QuebecFaq.Entry> rows = QuebecFaq.canonical();
        OfflineParaphraser paraphraser = new OfflineParaphraser();
        CandidateFilter filter = new CandidateFilter(SentenceEmbedder.shared(), 0.75, 0.985, 5);
        run(rows.subList(0, 20), paraphraser, filter); // warm the model and WordNet
        long started = System.nanoTime();
        long[] counts = run(rows, paraphraser, filter);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("offline: %d questions in %.2f s = %.1f questions/s (%d candidates, %d kept, %d with >= 3"
                + " kept)%n", rows.size(), seconds, rows.size() / seconds, counts[0], counts[1], counts[2]);
    }

    private static long[] run(List<QuebecFaq.Entry> rows, OfflineParaphraser paraphraser, CandidateFilter filter) {
        Set<String> known = new HashSet<>();
        rows.forEach(r -> known.add(CandidateFilter.key(r.question())));
        long generated = 0;
        long kept = 0;
        long withThree = 0;
        for (QuebecFaq.Entry row : rows) {
            CandidateFilter.Outcome outcome = filter.filter(row.question(), row.answer(),
                    paraphraser.candidates(row.question()), known);
            generated += outcome.generated();
            kept += outcome.kept().size();
            withThree += outcome.kept().size() >= 3 ? 1 : 0;
        }
        return new long[] {generated, kept, withThree};
    }

    private static void llm(int concurrency, int rounds) {
        WireMockServer stub = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .containerThreads(Math.max(64, concurrency * 4)).jettyAcceptors(2));
        stub.start();
        try {
            stub.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(OpenAiStub.completion(
                    OpenAiStub.paraphrases(Map.of(0, List.of("Could you tell me this?", "I would like to know this."))))
                    .withFixedDelay(LATENCY_MS)));
            LlmSettings settings = new LlmSettings(stub.baseUrl() + "/v1", "bench-model", "sk-bench", 0.9, 1, 5,
                    concurrency, Duration.ofSeconds(30), 3, Duration.ofMillis(100), Duration.ofSeconds(2), 1, 5,
                    Duration.ofSeconds(30));
            try (LlmParaphraser llm = new LlmParaphraser(settings, new NoCache())) {
                llm.propose(questions("warm-up", concurrency * 2));
                int requests = concurrency * rounds;
                List<String> qs = questions("q", requests);
                long started = System.nanoTime();
                List<Paraphraser.Proposal> proposals = llm.propose(qs);
                double seconds = (System.nanoTime() - started) / 1e9;
                long failed = proposals.stream().filter(Paraphraser.Proposal::failed).count();
                double rate = requests / seconds;
                double ideal = concurrency * 1000.0 / LATENCY_MS;
                System.out.printf("llm: concurrency %d, %d requests (1 question each) in %.2f s = %.1f requests/s;"
                        + " ideal %.1f/s; ratio %.0f%%; failed %d%n", concurrency, requests, seconds, rate, ideal,
                        100 * rate / ideal, failed);
            }
        } finally {
            stub.stop();
        }
    }

    private static List<String> questions(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add("When does office " + prefix + "-" + i + " open?");
        }
        return out;
    }

    /** Every question is new to the bench: nothing cached. */
    private static final class NoCache implements ParaphraseCache {
        @Override
        public Optional<List<String>> get(String question, String model, String promptVersion) {
            return Optional.empty();
        }

        @Override
        public void put(String question, String model, String promptVersion, List<String> candidates) {
        }
    }
}
