package io.tunepipe.eval.run;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A model behind any OpenAI-compatible chat endpoint (OpenAI, Azure, vLLM, tunepipe's local provider), asked
 * through langchain4j-open-ai at temperature 0. Retries are left to {@link EvaluationRunner}, which counts them.
 */
public final class OpenAiCompatibleEndpoint implements ChatEndpoint {

    private final OpenAiChatModel model;
    private final String systemMessage;

    public OpenAiCompatibleEndpoint(String baseUrl, String apiKey, String modelName, Duration timeout,
            String systemMessage) {
        this.model = OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey == null || apiKey.isBlank() ? "not-needed" : apiKey)
                .modelName(modelName)
                .temperature(0.0)
                .timeout(timeout)
                .maxRetries(0)
                .build();
        this.systemMessage = systemMessage;
    }

    @Override
    public Reply ask(String question) {
        List<ChatMessage> messages = new ArrayList<>(2);
        if (systemMessage != null && !systemMessage.isBlank()) {
            messages.add(SystemMessage.from(systemMessage));
        }
        messages.add(UserMessage.from(question));
        ChatResponse response = model.chat(messages);
        TokenUsage usage = response.tokenUsage();
        return new Reply(response.aiMessage().text(), usage == null ? null : usage.inputTokenCount(),
                usage == null ? null : usage.outputTokenCount());
    }
}
