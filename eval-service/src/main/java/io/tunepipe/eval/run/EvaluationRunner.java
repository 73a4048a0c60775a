package io.tunepipe.eval.run;

import io.tunepipe.eval.scoring.AnswerMatch;
import io.tunepipe.eval.scoring.DontKnowDetector;
import io.tunepipe.eval.scoring.QuestionResult;
import io.tunepipe.llm.LlmGuard;
import io.tunepipe.text.SentenceEmbedder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Puts every held-out question to a model with bounded concurrency, retrying rate limits, server errors and
 * timeouts as llm-client's {@link LlmGuard} does (the judge too), and scores each answer as it arrives (so embedding
 * work overlaps the wait for the next answers). A question that still fails is kept as an error. Right or wrong is
 * left to an {@link io.tunepipe.eval.scoring.AnswerRule}. Embeddings are cached per runner, so asking a second model
 * the same questions reuses the references' and repeated answers' embeddings.
 */
public final class EvaluationRunner {

    /** How hard to push an endpoint. */
    public record Settings(int concurrency, LlmGuard.Settings retries) {
    }

    private final Settings settings;
    private final LlmGuard guard;
    private final SentenceEmbedder embedder;
    private final FactJudge judge;
    private final Map<String, float[]> embeddings = new ConcurrentHashMap<>();

    /** {@code judge} may be null: answers are then not judged. */
    public EvaluationRunner(Settings settings, SentenceEmbedder embedder, FactJudge judge) {
        this.settings = settings;
        this.guard = new LlmGuard(settings.retries());
        this.embedder = embedder;
        this.judge = judge;
    }

    /** Asks and scores every question, in order; {@code progress} receives the number answered so far. */
    public List<QuestionResult> run(List<HeldOutQuestion> questions, ChatEndpoint endpoint, IntConsumer progress)
            throws InterruptedException {
        embedReferences(questions);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()));
        try {
            AtomicInteger done = new AtomicInteger();
            List<Future<QuestionResult>> futures = new ArrayList<>(questions.size());
            for (HeldOutQuestion q : questions) {
                futures.add(pool.submit(() -> {
                    QuestionResult r = askAndScore(endpoint, q);
                    progress.accept(done.incrementAndGet());
                    return r;
                }));
            }
            List<QuestionResult> results = new ArrayList<>(questions.size());
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    results.add(failed(questions.get(i), describe(e.getCause()), 0));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private void embedReferences(List<HeldOutQuestion> questions) {
        List<String> missing = questions.stream().map(HeldOutQuestion::reference)
                .filter(r -> !r.isBlank() && !embeddings.containsKey(r)).distinct().toList();
        List<float[]> vectors = embedder.embedAll(missing);
        for (int i = 0; i < missing.size(); i++) {
            embeddings.put(missing.get(i), vectors.get(i));
        }
    }

    private QuestionResult askAndScore(ChatEndpoint endpoint, HeldOutQuestion q) {
        AtomicInteger attempts = new AtomicInteger();
        AtomicLong started = new AtomicLong();
        try {
            ChatEndpoint.Reply reply = guard.call(() -> {
                attempts.incrementAndGet();
                started.set(System.nanoTime());
                return endpoint.ask(q.question());
            });
            return scored(q, reply, (System.nanoTime() - started.get()) / 1_000_000);
        } catch (RuntimeException e) {
            return failed(q, describe(e) + (attempts.get() > 1 ? " (after " + attempts.get() + " attempts)" : ""),
                    (System.nanoTime() - started.get()) / 1_000_000);
        }
    }

    private QuestionResult scored(HeldOutQuestion q, ChatEndpoint.Reply reply, long latencyMillis) {
        String answer = reply.text() == null ? "" : reply.text();
        double similarity = 0;
        if (!answer.isBlank() && !q.reference().isBlank()) {
            float[] a = embeddings.computeIfAbsent(answer, embedder::embed);
            similarity = Math.max(0, SentenceEmbedder.cosine(embeddings.get(q.reference()), a));
        }
        FactJudge.Judgement judgement = judged(q, answer);
        return new QuestionResult(q.exampleId(), q.question(), q.reference(), q.rewording(), q.probe(), answer, null,
                latencyMillis, AnswerMatch.exactMatch(answer, q.reference()), AnswerMatch.f1(answer, q.reference()),
                similarity, DontKnowDetector.saysDontKnow(answer), reply.inputTokens(), reply.outputTokens(),
                judgement == null ? null : judgement.choice(), judgement == null ? null : judgement.score(), false);
    }

    /** The judge's verdict, or null without a judge; a judge that fails leaves the answer unjudged. */
    private FactJudge.Judgement judged(HeldOutQuestion q, String answer) {
        if (judge == null) {
            return null;
        }
        try {
            return guard.call(() -> judge.judge(q.question(), q.reference(), answer));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static QuestionResult failed(HeldOutQuestion q, String error, long latencyMillis) {
        return new QuestionResult(q.exampleId(), q.question(), q.reference(), q.rewording(), q.probe(), null, error,
                latencyMillis, false, 0, 0, false, null, null, null, null, false);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
