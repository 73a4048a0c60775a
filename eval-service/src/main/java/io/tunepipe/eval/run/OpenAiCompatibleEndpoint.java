package io.tunepipe.eval.run;

import io.tunepipe.llm.ChatClient;

import java.time.Duration;

/**
 * A model behind any OpenAI-compatible chat endpoint (OpenAI, Azure, vLLM, tunepipe's local provider), asked
 * through llm-client's {@link ChatClient} at temperature 0. Retries are left to {@link EvaluationRunner}, which
 * counts them.
 */
public final class OpenAiCompatibleEndpoint implements ChatEndpoint {

    private final ChatClient client;
    private final String systemMessage;

    public OpenAiCompatibleEndpoint(String baseUrl, String apiKey, String modelName, Duration timeout,
            String systemMessage) {
        this.client = new ChatClient(new ChatClient.Settings(baseUrl, apiKey, modelName, 0.0, false, timeout));
        this.systemMessage = systemMessage;
    }

    @Override
    public Reply ask(String question) {
        ChatClient.Reply reply = client.chat(systemMessage, question);
        return new Reply(reply.text(), reply.inputTokens(), reply.outputTokens());
    }
}
