package io.tunepipe.eval.run;

import dev.langchain4j.exception.RetriableException;
import io.tunepipe.eval.scoring.AnswerMatch;
import io.tunepipe.eval.scoring.DontKnowDetector;
import io.tunepipe.eval.scoring.QuestionResult;
import io.tunepipe.text.SentenceEmbedder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

/**
 * Puts every held-out question to one model with bounded concurrency, retrying rate limits, server errors and
 * timeouts with exponential backoff, then scores the answers. A question that still fails is kept as an error.
 */
public final class EvaluationRunner {

    /** How hard to push an endpoint. */
    public record Settings(int concurrency, int maxAttempts, Duration initialBackoff) {
    }

    private final Settings settings;
    private final SentenceEmbedder embedder;

    public EvaluationRunner(Settings settings, SentenceEmbedder embedder) {
        this.settings = settings;
        this.embedder = embedder;
    }

    /** Asks and scores every question; {@code progress} receives the number answered so far. */
    public List<QuestionResult> run(List<HeldOutQuestion> questions, ChatEndpoint endpoint, IntConsumer progress)
            throws InterruptedException {
        List<Raw> raw = ask(questions, endpoint, progress);
        return score(questions, raw);
    }

    /** The unscored outcome of asking one question. */
    record Raw(ChatEndpoint.Reply reply, String error, long latencyMillis) {
    }

    List<Raw> ask(List<HeldOutQuestion> questions, ChatEndpoint endpoint, IntConsumer progress)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()));
        try {
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            List<Future<Raw>> futures = new ArrayList<>(questions.size());
            for (HeldOutQuestion q : questions) {
                futures.add(pool.submit(() -> {
                    Raw r = askWithRetries(endpoint, q.question());
                    progress.accept(done.incrementAndGet());
                    return r;
                }));
            }
            List<Raw> results = new ArrayList<>(questions.size());
            for (Future<Raw> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    results.add(new Raw(null, describe(e.getCause()), 0));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private Raw askWithRetries(ChatEndpoint endpoint, String question) throws InterruptedException {
        Duration backoff = settings.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            try {
                ChatEndpoint.Reply reply = endpoint.ask(question);
                return new Raw(reply, null, (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                boolean retriable = e instanceof RetriableException || e.getCause() instanceof java.io.IOException;
                if (!retriable || attempt >= settings.maxAttempts()) {
                    return new Raw(null, describe(e) + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), 0);
                }
                long jitter = ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
                Thread.sleep(backoff.toMillis() + jitter);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private List<QuestionResult> score(List<HeldOutQuestion> questions, List<Raw> raw) {
        List<String> texts = new ArrayList<>();
        List<Integer> embedded = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            String answer = answerText(raw.get(i));
            if (!answer.isBlank() && !questions.get(i).reference().isBlank()) {
                embedded.add(i);
                texts.add(questions.get(i).reference());
                texts.add(answer);
            }
        }
        List<float[]> vectors = embedder.embedAll(texts);
        double[] similarity = new double[questions.size()];
        for (int k = 0; k < embedded.size(); k++) {
            similarity[embedded.get(k)] = Math.max(0, SentenceEmbedder.cosine(vectors.get(2 * k), vectors.get(2 * k + 1)));
        }
        List<QuestionResult> results = new ArrayList<>(questions.size());
        for (int i = 0; i < questions.size(); i++) {
            HeldOutQuestion q = questions.get(i);
            Raw r = raw.get(i);
            if (r.error() != null) {
                results.add(new QuestionResult(q.exampleId(), q.question(), q.reference(), q.rewording(), null,
                        r.error(), r.latencyMillis(), false, 0, 0, false, null, null));
                continue;
            }
            String answer = answerText(r);
            results.add(new QuestionResult(q.exampleId(), q.question(), q.reference(), q.rewording(), answer, null,
                    r.latencyMillis(), AnswerMatch.exactMatch(answer, q.reference()),
                    AnswerMatch.f1(answer, q.reference()), similarity[i], DontKnowDetector.saysDontKnow(answer),
                    r.reply().inputTokens(), r.reply().outputTokens()));
        }
        return results;
    }

    private static String answerText(Raw r) {
        return r.reply() == null || r.reply().text() == null ? "" : r.reply().text();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
