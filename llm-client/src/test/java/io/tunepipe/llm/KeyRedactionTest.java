package io.tunepipe.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KeyRedaction} on providers' error texts: keys of every shape (OpenAI's quoted key, API-key fields, bearer
 * tokens, Fireworks and hex keys) redacted, the rest kept, and long messages cut.
 */
class KeyRedactionTest {

    @Test
    void keysOfEveryShapeAreRedactedAndTheRestOfTheMessageKept() {
        assertThat(KeyRedaction.redact("Incorrect API key provided: sk-proj-abc***wxyz. You can find your API key"))
                .isEqualTo("Incorrect API key provided: [redacted]. You can find your API key");
        assertThat(KeyRedaction.redact("{\"api-key\": \"0123456789abcdef0123456789abcdef\"}"))
                .isEqualTo("{\"api-key\": \"[redacted]\"}");
        assertThat(KeyRedaction.redact("sent Authorization: Bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl"))
                .isEqualTo("sent Authorization: Bearer [redacted]");
        assertThat(KeyRedaction.redact("invalid key fw_3ZabcDEF123 for account"))
                .isEqualTo("invalid key [redacted] for account");
        assertThat(KeyRedaction.redact("Access denied due to key 9f86d081884c7d659a2feaa0c55ad015 of resource x"))
                .isEqualTo("Access denied due to key [redacted] of resource x");
    }

    @Test
    void ordinaryMessagesPassUnchangedAndLongOnesAreCut() {
        String plain = "Training file file-abc123 has 3 examples that exceed the context length of 65536 tokens.";
        assertThat(KeyRedaction.redact(plain)).isEqualTo(plain);
        assertThat(KeyRedaction.redact(null)).isNull();
        assertThat(KeyRedaction.redact("x".repeat(5_000))).hasSize(2_003).endsWith("...");
    }
}
