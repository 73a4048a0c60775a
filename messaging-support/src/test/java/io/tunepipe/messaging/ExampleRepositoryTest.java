package io.tunepipe.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.localstack.LocalStackTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExampleRepository} against the real PostgreSQL: a split streamed back whole and in id order past the JDBC
 * batch and fetch sizes, an example stored again kept as it was, and counts by split.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ExampleRepositoryTest {

    @Inject
    ExampleRepository examples;

    @Test
    void aSplitStreamsBackWholeInIdOrderPastTheBatchAndFetchSizes() {
        String ds = "ds-" + UUID.randomUUID();
        // more than one JDBC batch and one fetch (1000 each), written out of order, with every field set or null
        List<Example> written = IntStream.range(0, 2_345).map(i -> 2_344 - i)
                .mapToObj(i -> example(ds, i, i % 10 == 0 ? Split.TEST : Split.TRAIN)).toList();
        QuarkusTransaction.requiringNew().run(() -> examples.insert(ds, written));

        List<Example> train = new ArrayList<>();
        examples.forEach(ds, Split.TRAIN, train::add);
        List<Example> test = new ArrayList<>();
        examples.forEach(ds, Split.TEST, test::add);

        assertThat(train).hasSize(2_110).isSortedAccordingTo(Comparator.comparing(Example::id))
                .containsExactlyInAnyOrderElementsOf(written.stream().filter(e -> e.split() == Split.TRAIN).toList());
        assertThat(test).hasSize(235).allSatisfy(e -> assertThat(e.split()).isEqualTo(Split.TEST));
        assertThat(examples.countBySplit(ds)).containsExactlyInAnyOrderEntriesOf(
                Map.of(Split.TRAIN, 2_110L, Split.TEST, 235L));
    }

    @Test
    void anExampleStoredAgainIsKeptAsItWas() {
        String ds = "ds-" + UUID.randomUUID();
        Example first = example(ds, 1, Split.TRAIN);
        QuarkusTransaction.requiringNew().run(() -> examples.insert(ds, List.of(first)));
        Example changed = new Example(first.id(), first.groupId(), Split.VALIDATION, "another question", "another",
                null, Origin.PARAPHRASE, null, 99);
        QuarkusTransaction.requiringNew().run(() -> examples.insert(ds, List.of(changed)));

        List<Example> stored = new ArrayList<>();
        examples.forEach(ds, Split.TRAIN, stored::add);
        assertThat(stored).containsExactly(first);
        assertThat(examples.countBySplit(ds)).containsExactlyEntriesOf(Map.of(Split.TRAIN, 1L));
    }

    @Test
    void aDatasetWithNoExamplesHasNoCounts() {
        assertThat(examples.countBySplit("ds-" + UUID.randomUUID())).isEmpty();
    }

    private static Example example(String ds, int i, Split split) {
        boolean paraphrase = i % 3 == 0;
        return new Example(String.format("%s/%05d", ds, i), ds + "/g" + i / 4, split, "question " + i + " é ✓",
                "answer " + i / 4, i % 2 == 0 ? "You answer briefly." : null,
                paraphrase ? Origin.PARAPHRASE : Origin.ORIGINAL, paraphrase ? ds + "/" + (i - 1) : null, i + 2L);
    }
}
