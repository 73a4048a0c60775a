package io.tunepipe.eval.service;

import io.tunepipe.contracts.ModelScores;
import io.tunepipe.eval.config.EvalConfig;
import io.tunepipe.eval.repository.Evaluation;
import io.tunepipe.eval.run.ChatEndpoint;
import io.tunepipe.eval.run.EvaluationRunner;
import io.tunepipe.eval.run.FactJudge;
import io.tunepipe.eval.run.OpenAiCompatibleEndpoint;
import io.tunepipe.eval.run.QuestionSet;
import io.tunepipe.eval.run.RetrievalAugmentedEndpoint;
import io.tunepipe.eval.scoring.QuestionResult;
import io.tunepipe.llm.LlmGuard;
import io.tunepipe.text.SentenceEmbedder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Asks the three models of an evaluation every held-out question through the provider's OpenAI-compatible
 * endpoint: the base, the base with retrieval (the provider's retrieval model, or the base with retrieved training
 * pairs in its prompt) and the fine-tuned model.
 */
@ApplicationScoped
public class ModelPanel {

    @Inject
    EvalConfig config;
    @Inject
    ManagedExecutor background;

    /** Loads the embedder that judges answers in the background, so that the first evaluation does not wait. */
    void onStart(@Observes StartupEvent start) {
        if (config.loadEmbedderAtStart()) {
            background.execute(SentenceEmbedder::shared);
        }
    }

    /** The answers per role, in the order asked; {@code progress} gets the answers so far over all models. */
    public Map<String, List<QuestionResult>> ask(Evaluation e, QuestionSet set, IntConsumer progress)
            throws InterruptedException {
        EvalConfig.Provider provider = config.providers().get(e.provider);
        if (provider == null) {
            throw new EvaluationFailure("No endpoint is configured for provider '" + e.provider
                    + "': set tunepipe.eval.providers." + e.provider + ".base-url.");
        }
        FactJudge judge = config.judge().map(j -> new FactJudge(new OpenAiCompatibleEndpoint(j.baseUrl(),
                j.apiKey().orElse(null), j.model(), config.timeout(), null))).orElse(null);
        EvaluationRunner runner = new EvaluationRunner(new EvaluationRunner.Settings(config.concurrency(),
                LlmGuard.Settings.withoutBreaker(config.maxAttempts(), config.initialBackoff(), config.maxBackoff())),
                SentenceEmbedder.shared(), judge);
        ChatEndpoint base = endpoint(provider, e.baseModel);
        ChatEndpoint retrieval = e.retrievalModel != null ? endpoint(provider, e.retrievalModel)
                : new RetrievalAugmentedEndpoint(base, set.training(), config.retrieval().topK());
        Map<String, ChatEndpoint> endpoints = new LinkedHashMap<>();
        endpoints.put(ModelScores.BASE, base);
        endpoints.put(ModelScores.RETRIEVAL, retrieval);
        endpoints.put(ModelScores.FINE_TUNED, endpoint(provider, e.fineTunedModel));
        Map<String, List<QuestionResult>> answers = new LinkedHashMap<>();
        int n = set.questions().size();
        for (var entry : endpoints.entrySet()) {
            int offset = answers.size() * n;
            List<QuestionResult> results = runner.run(set.questions(), entry.getValue(),
                    k -> progress.accept(offset + k));
            if (results.stream().allMatch(QuestionResult::failed)) {
                throw new EvaluationFailure("The " + entry.getKey() + " model (" + modelName(e, entry.getKey())
                        + ") answered none of the " + n + " questions: " + results.get(0).error());
            }
            answers.put(entry.getKey(), results);
        }
        return answers;
    }

    /** The model name of each role, as the report and the event name it. */
    public static Map<String, String> models(Evaluation e) {
        return Map.of(ModelScores.BASE, e.baseModel, ModelScores.RETRIEVAL, modelName(e, ModelScores.RETRIEVAL),
                ModelScores.FINE_TUNED, e.fineTunedModel);
    }

    private static String modelName(Evaluation e, String role) {
        return switch (role) {
            case ModelScores.BASE -> e.baseModel;
            case ModelScores.FINE_TUNED -> e.fineTunedModel;
            default -> e.retrievalModel != null ? e.retrievalModel : e.baseModel + " + retrieval";
        };
    }

    private ChatEndpoint endpoint(EvalConfig.Provider provider, String model) {
        return new OpenAiCompatibleEndpoint(provider.baseUrl(), provider.apiKey().orElse(null), model,
                config.timeout(), config.systemMessage().orElse(null));
    }
}
