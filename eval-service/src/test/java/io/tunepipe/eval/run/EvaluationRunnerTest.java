package io.tunepipe.eval.run;

import io.tunepipe.eval.scoring.AnswerRule;
import io.tunepipe.eval.scoring.ModelSummary;
import io.tunepipe.eval.scoring.QuestionResult;
import io.tunepipe.llm.LlmException;
import io.tunepipe.llm.LlmGuard;
import io.tunepipe.text.SentenceEmbedder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EvaluationRunner} with stand-in models and the real MiniLM embedder: every answer scored, canonical questions
 * apart from rewordings, a judge's fact-rubric grades, rate limits retried and hard failures kept as errors.
 */
class EvaluationRunnerTest {

    private static final List<HeldOutQuestion> QUESTIONS = List.of(
            new HeldOutQuestion("ds/2", "When was Jonny born?", "In 1981.", false, false),
            new HeldOutQuestion("ds/2/v1", "What year did Jonny come into the world?", "In 1981.", true, false),
            new HeldOutQuestion("ds/3", "What is Jonny known for?", "Inventing the whizbang.", false, false),
            new HeldOutQuestion("ds/3/v1", "Why is Jonny famous?", "Inventing the whizbang.", true, false));
    private static final AnswerRule EXACT = new AnswerRule("exact_match", 0.8);

    private final EvaluationRunner runner = new EvaluationRunner(
            new EvaluationRunner.Settings(4, retries(3)), SentenceEmbedder.shared(), null);

    @Test
    void scoresEveryAnswerAndSplitsCanonicalFromRewordings() throws Exception {
        Map<String, String> answers = Map.of("When was Jonny born?", "In 1981.",
                "What year did Jonny come into the world?", "I don't know the answer to that.",
                "What is Jonny known for?", "Inventing the whizbang.",
                "Why is Jonny famous?", "Inventing the whizbang.");
        AtomicInteger progress = new AtomicInteger();

        List<QuestionResult> results = runner.run(QUESTIONS, q -> new ChatEndpoint.Reply(answers.get(q), 7, 3),
                progress::set);
        ModelSummary summary = ModelSummary.of("ft", "fine-tuned", EXACT.mark(results), 0.8);

        assertThat(progress.get()).isEqualTo(4);
        assertThat(summary.exactMatch()).isEqualTo(0.75);
        assertThat(summary.accuracy()).isEqualTo(0.75);
        assertThat(summary.dontKnowRate()).isEqualTo(0.25);
        assertThat(summary.canonicalAccuracy()).isEqualTo(1.0);
        assertThat(summary.rewordingAccuracy()).isEqualTo(0.5);
        assertThat(summary.inputTokens()).isEqualTo(28);
        assertThat(results.get(0).similarity()).isGreaterThan(0.99);
        assertThat(results.get(1).similarity()).isLessThan(0.8);
    }

    @Test
    void aJudgeGradesEveryAnswerWithTheFactRubric() throws Exception {
        ChatEndpoint judgeModel = prompt -> new ChatEndpoint.Reply(
                prompt.contains("[Submission]: I don't know") ? "(D) they disagree" : "The answer is (C).", 100, 2);
        EvaluationRunner judged = new EvaluationRunner(new EvaluationRunner.Settings(2, retries(1)),
                SentenceEmbedder.shared(), new FactJudge(judgeModel));

        List<QuestionResult> results = judged.run(QUESTIONS.subList(0, 2), q -> new ChatEndpoint.Reply(
                q.startsWith("When") ? "In 1981." : "I don't know the answer to that.", null, null), n -> { });

        assertThat(results).extracting(QuestionResult::judgeChoice).containsExactly("C", "D");
        assertThat(ModelSummary.of("m", "fine-tuned", results, 0.8).judgeScore()).isEqualTo(0.5);
        assertThat(FactJudge.choice("B")).isEqualTo("B");
        assertThat(FactJudge.choice("no letter here")).isNull();
    }

    @Test
    void rateLimitsAreRetriedAndHardFailuresAreKeptAsErrors() throws Exception {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        ChatEndpoint flaky = q -> {
            int call = calls.computeIfAbsent(q, k -> new AtomicInteger()).incrementAndGet();
            if (q.startsWith("When") && call == 1) {
                throw LlmException.answered(429, null, "{\"error\":{\"code\":\"rate_limit_exceeded\"}}");
            }
            if (q.startsWith("Why")) {
                throw LlmException.answered(400, null, "{\"error\":{\"type\":\"invalid_request_error\"}}");
            }
            return new ChatEndpoint.Reply("In 1981.", null, null);
        };

        List<QuestionResult> results = runner.run(QUESTIONS, flaky, n -> { });
        ModelSummary summary = ModelSummary.of("m", "base", EXACT.mark(results), 0.8);

        assertThat(results).hasSize(4);
        assertThat(calls.get("When was Jonny born?").get()).isEqualTo(2);
        assertThat(results.get(0).exactMatch()).isTrue();
        assertThat(results.get(3).error()).contains("LlmException").contains("400");
        assertThat(calls.get("Why is Jonny famous?").get()).isEqualTo(1);
        assertThat(summary.errors()).isEqualTo(1);
        assertThat(summary.questions()).isEqualTo(4);
    }

    private static LlmGuard.Settings retries(int maxAttempts) {
        return LlmGuard.Settings.withoutBreaker(maxAttempts, Duration.ofMillis(1), Duration.ofMillis(4));
    }
}
