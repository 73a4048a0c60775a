package io.tunepipe.augment.paraphrase.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.tunepipe.augment.paraphrase.Paraphraser;
import io.tunepipe.llm.ChatClient;
import io.tunepipe.llm.LlmException;
import io.tunepipe.llm.LlmGuard;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Paraphrases through any OpenAI-compatible chat endpoint (llm-client's {@link ChatClient}): several questions per
 * request, answered as a JSON object; at most {@code concurrency} requests in flight; retries and the circuit
 * breaker are {@link LlmGuard}'s; answers cached by question, model and prompt version. A question the provider
 * never answers properly is reported failed, with the reason.
 */
public final class LlmParaphraser implements Paraphraser, AutoCloseable {

    /** Bump when {@link #SYSTEM_PROMPT} or the answer shape changes: cached answers of older prompts are not reused. */
    public static final String PROMPT_VERSION = "v1";

    static final String SYSTEM_PROMPT = """
            You reword questions for a question-answering training set. For every question you are given, write \
            %d different rewordings that ask exactly the same thing, in the same language as the question. Keep \
            names, numbers and dates exactly as they are. Do not answer the questions. Reply with one JSON object \
            and nothing else: {"paraphrases": [{"index": <the question's index>, "rewordings": ["...", "..."]}]}""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlmSettings settings;
    private final ChatClient client;
    private final ParaphraseCache cache;
    private final LlmGuard guard;
    private final ExecutorService requests;

    public LlmParaphraser(LlmSettings settings, ParaphraseCache cache) {
        this(settings, cache, wait -> { });
    }

    /** {@code waits} is told of each wait between attempts; tests pass one that records them. */
    public LlmParaphraser(LlmSettings settings, ParaphraseCache cache, Consumer<Duration> waits) {
        this.settings = settings;
        this.cache = cache;
        this.guard = new LlmGuard(new LlmGuard.Settings(settings.maxAttempts(), settings.initialBackoff(),
                settings.maxBackoff(), settings.breakerThreshold(), settings.breakerOpenFor()), waits);
        this.requests = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "llm-paraphraser");
            t.setDaemon(true);
            return t;
        });
        this.client = new ChatClient(new ChatClient.Settings(settings.baseUrl(), settings.apiKey(), settings.model(),
                settings.temperature(), true, settings.timeout()));
    }

    @Override
    public String name() {
        return "llm";
    }

    public CircuitBreakerState breakerState() {
        return guard.breakerState();
    }

    @Override
    public List<Proposal> propose(List<String> questions) {
        Map<Integer, Proposal> proposals = new HashMap<>();
        List<Integer> misses = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            Optional<List<String>> cached = cache.get(questions.get(i), settings.model(), PROMPT_VERSION);
            if (cached.isPresent()) {
                proposals.put(i, Proposal.of(questions.get(i), cached.get()));
            } else {
                misses.add(i);
            }
        }
        List<Future<Map<Integer, Proposal>>> pending = new ArrayList<>();
        for (int from = 0; from < misses.size(); from += settings.questionsPerRequest()) {
            List<Integer> group = misses.subList(from, Math.min(misses.size(), from + settings.questionsPerRequest()));
            Map<Integer, String> asked = new LinkedHashMap<>();
            group.forEach(i -> asked.put(i, questions.get(i)));
            pending.add(requests.submit(() -> ask(asked)));
        }
        for (Future<Map<Integer, Proposal>> f : pending) {
            try {
                proposals.putAll(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while paraphrasing", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("paraphrasing request failed: " + e.getCause(), e.getCause());
            }
        }
        List<Proposal> out = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            out.add(proposals.get(i));
        }
        return out;
    }

    /**
     * Asks for one group of questions (keyed by their place in the caller's list), again for those the answer
     * left out or garbled; returns a proposal for each. The request numbers its questions from 0.
     */
    private Map<Integer, Proposal> ask(Map<Integer, String> questions) {
        Map<Integer, Proposal> out = new HashMap<>();
        List<Integer> open = new ArrayList<>(questions.keySet());
        for (int round = 0; round <= settings.malformedRetries() && !open.isEmpty(); round++) {
            List<String> asked = open.stream().map(questions::get).toList();
            String answer;
            try {
                answer = call(asked);
            } catch (ProviderFailure failure) {
                open.forEach(i -> out.put(i, Proposal.failed(questions.get(i), failure.reason)));
                return out;
            }
            Map<Integer, List<String>> parsed = parse(answer, asked.size());
            List<Integer> stillOpen = new ArrayList<>();
            for (int local = 0; local < open.size(); local++) {
                int i = open.get(local);
                List<String> candidates = parsed.get(local);
                if (candidates == null) {
                    stillOpen.add(i);
                } else {
                    cache.put(questions.get(i), settings.model(), PROMPT_VERSION, candidates);
                    out.put(i, Proposal.of(questions.get(i), candidates));
                }
            }
            open = stillOpen;
        }
        open.forEach(i -> out.put(i, Proposal.failed(questions.get(i), "malformed-answer")));
        return out;
    }

    /** One request, retried by the guard; the answer's text ("" when the completion had none). */
    private String call(List<String> questions) throws ProviderFailure {
        StringBuilder user = new StringBuilder();
        for (int i = 0; i < questions.size(); i++) {
            user.append(i).append(": ").append(questions.get(i).replace('\n', ' ')).append('\n');
        }
        String system = SYSTEM_PROMPT.formatted(settings.candidatesPerQuestion());
        try {
            String text = guard.call(() -> client.chat(system, user.toString()).text());
            return text == null ? "" : text;
        } catch (CircuitBreakerOpenException e) {
            throw new ProviderFailure("circuit-open");
        } catch (LlmException e) {
            throw new ProviderFailure(e.reason());
        }
    }

    /** The rewordings of each index below {@code asked} that the answer gives properly; anything else is left out. */
    static Map<Integer, List<String>> parse(String answer, int asked) {
        Map<Integer, List<String>> out = new HashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (IOException e) {
            return out;
        }
        JsonNode items = root == null ? null : root.get("paraphrases");
        if (items == null || !items.isArray()) {
            return out;
        }
        for (JsonNode item : items) {
            JsonNode index = item.get("index");
            JsonNode rewordings = item.get("rewordings");
            if (index == null || !index.canConvertToInt() || index.asInt() < 0 || index.asInt() >= asked
                    || rewordings == null || !rewordings.isArray()) {
                continue;
            }
            List<String> candidates = new ArrayList<>();
            for (JsonNode r : rewordings) {
                if (r.isTextual() && !r.asText().isBlank()) {
                    candidates.add(r.asText().strip());
                }
            }
            if (!candidates.isEmpty()) {
                out.put(index.asInt(), candidates);
            }
        }
        return out;
    }

    @Override
    public void close() {
        requests.shutdownNow();
    }

    /** The provider could not be asked: the reason every question of the request is reported with. */
    private static final class ProviderFailure extends Exception {
        private final String reason;

        ProviderFailure(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }
}
