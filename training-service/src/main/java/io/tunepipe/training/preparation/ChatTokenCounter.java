package io.tunepipe.training.preparation;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.List;
import java.util.Locale;

/**
 * Counts the tokens of a chat example the way the OpenAI Cookbook does: 3 tokens of framing per message, the
 * tokens of its role and content, and 3 for the reply primer; o200k_base for the GPT-4o generation, else cl100k_base.
 */
public final class ChatTokenCounter {

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final Encoding encoding;

    public ChatTokenCounter(String baseModel) {
        this.encoding = REGISTRY.getEncoding(encodingOf(baseModel));
    }

    static EncodingType encodingOf(String baseModel) {
        String m = baseModel == null ? "" : baseModel.toLowerCase(Locale.ROOT);
        if (m.startsWith("ft:")) {
            m = m.substring(3);
        }
        boolean older = m.startsWith("gpt-3.5") || m.startsWith("gpt-4-") || m.equals("gpt-4")
                || m.startsWith("babbage") || m.startsWith("davinci");
        return older ? EncodingType.CL100K_BASE : EncodingType.O200K_BASE;
    }

    /** Tokens of a conversation as the Cookbook's num_tokens_from_messages counts them. */
    public int count(List<ChatMessage> messages) {
        int tokens = 3;
        for (ChatMessage m : messages) {
            tokens += 3 + text(m.role()) + text(m.content());
        }
        return tokens;
    }

    /** Tokens of the assistant messages only, which are what the model is trained to write. */
    public int countAssistant(List<ChatMessage> messages) {
        return messages.stream().filter(m -> "assistant".equals(m.role())).mapToInt(m -> text(m.content())).sum();
    }

    private int text(String s) {
        return s == null ? 0 : encoding.countTokensOrdinary(s);
    }

    /** One message of a chat example. */
    public record ChatMessage(String role, String content) {
    }
}
