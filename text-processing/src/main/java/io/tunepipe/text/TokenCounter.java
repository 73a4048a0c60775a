package io.tunepipe.text;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.Locale;

/** Counts tokens the way a target OpenAI model's tokenizer does (jtokkit: o200k_base or cl100k_base). */
public final class TokenCounter {

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final Encoding encoding;

    private TokenCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    /** o200k_base for the GPT-4o, GPT-4.1, GPT-5 and o-series families, cl100k_base for older and unknown models. */
    public static TokenCounter forModel(String model) {
        String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
        boolean o200k = m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-5")
                || m.matches("^o\\d.*") || m.startsWith("chatgpt-4o");
        return new TokenCounter(REGISTRY.getEncoding(o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE));
    }

    public String encodingName() {
        return encoding.getName();
    }

    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }
}
