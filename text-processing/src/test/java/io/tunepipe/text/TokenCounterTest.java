package io.tunepipe.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TokenCounter}: the tokenizer picked by model family (o200k_base or cl100k_base), and token counts of short and
 * long texts.
 */
class TokenCounterTest {

    @Test
    void picksTheTokenizerOfTheModelFamily() {
        assertThat(TokenCounter.forModel("gpt-4o-mini-2024-07-18").encodingName()).isEqualTo("o200k_base");
        assertThat(TokenCounter.forModel("gpt-4.1-nano").encodingName()).isEqualTo("o200k_base");
        assertThat(TokenCounter.forModel("o3-mini").encodingName()).isEqualTo("o200k_base");
        assertThat(TokenCounter.forModel("gpt-3.5-turbo").encodingName()).isEqualTo("cl100k_base");
        assertThat(TokenCounter.forModel("local-minilm").encodingName()).isEqualTo("cl100k_base");
    }

    @Test
    void countsTokens() {
        TokenCounter counter = TokenCounter.forModel("gpt-4o-mini");
        assertThat(counter.count("")).isZero();
        assertThat(counter.count("hello world")).isEqualTo(2);
        assertThat(counter.count("word ".repeat(1000))).isBetween(900, 1100);
    }
}
