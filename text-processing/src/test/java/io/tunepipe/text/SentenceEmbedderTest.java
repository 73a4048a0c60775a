package io.tunepipe.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SentenceEmbedderTest {

    @Test
    void rewordingsAreCloserThanUnrelatedQuestions() {
        SentenceEmbedder embedder = SentenceEmbedder.shared();

        List<float[]> v = embedder.embedAll(List.of("When was Jonny born?", "What is Jonny's date of birth?",
                "How do I renew my driving licence?"));

        assertThat(v.get(0)).hasSize(SentenceEmbedder.DIMENSIONS);
        assertThat(SentenceEmbedder.cosine(v.get(0), v.get(0)))
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(SentenceEmbedder.cosine(v.get(0), v.get(1)))
                .isGreaterThan(SentenceEmbedder.cosine(v.get(0), v.get(2)));
        assertThat(embedder.embed("When was Jonny born?")).containsExactly(v.get(0));
    }
}
