package io.tunepipe.ingest.repository;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.localstack.LocalStackTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The binary COPY of examples against the real PostgreSQL: text of any kind comes back as it went in. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class IngestedExampleRepositoryTest {

    @Inject
    IngestedExampleRepository examples;

    @Test
    void examplesCopiedAcrossPausesAndChunksComeBackInOrderWithTheirTextIntactUntilDeleted() {
        String dataset = "ds-" + UUID.randomUUID().toString().substring(0, 8);
        List<Example> first = List.of(
                example(dataset, 1, "Où est l'hôpital ?", "À Québec, 1 234 rue Saint-Jean.", null),
                example(dataset, 2, "Tab\there, back\\slash, \\N and a\nline", "\uD83D\uDE00 emoji, 日本語, ", ""));
        List<Example> second = List.of(example(dataset, 3, "q", "a", "You answer in French: é"));

        List<Example> third = List.of(example(dataset, 4, "next chunk", "numbered on", null));
        QuarkusTransaction.requiringNew().run(() -> {
            try (IngestedExampleRepository.Writer writer = examples.writer(dataset, 0)) {
                assertThat(writer.append(first)).isZero();
                writer.pause();
                assertThat(writer.append(second)).isEqualTo(2);
                writer.pause();
            }
        });
        QuarkusTransaction.requiringNew().run(() -> {
            try (IngestedExampleRepository.Writer writer = examples.writer(dataset, 3)) {
                assertThat(writer.append(third)).isEqualTo(3);
                writer.pause();
            }
        });

        List<Example> stored = QuarkusTransaction.requiringNew().call(() -> examples.range(dataset, 0, 4));
        assertThat(stored).containsExactly(first.get(0), first.get(1), second.get(0), third.get(0));

        QuarkusTransaction.requiringNew().run(() -> examples.deleteOf(dataset));
        assertThat(QuarkusTransaction.requiringNew().call(() -> examples.range(dataset, 0, 4))).isEmpty();
    }

    private static Example example(String dataset, long line, String prompt, String completion, String system) {
        return new Example(dataset + "/" + line, dataset + "/g/" + line, Split.TRAIN, prompt, completion, system,
                Origin.ORIGINAL, null, line);
    }
}
