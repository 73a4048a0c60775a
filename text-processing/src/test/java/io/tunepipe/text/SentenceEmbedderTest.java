package io.tunepipe.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SentenceEmbedder} with the real all-MiniLM-L6-v2 model: a rewording closer than an unrelated question, and a
 * text embedded alone as in a batch.
 */
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
