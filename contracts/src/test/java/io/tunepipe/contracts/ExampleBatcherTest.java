package io.tunepipe.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExampleBatcher} closes a batch at its example limit, and 2,000 examples with long accented answers never make
 * an encoded batch of 1 MB, Kafka's default message limit.
 */
class ExampleBatcherTest {

    @Test
    void batchesCloseAtTheExampleLimit() {
        List<List<Example>> batches = new ArrayList<>();
        ExampleBatcher batcher = new ExampleBatcher(3, Integer.MAX_VALUE, batches::add);

        for (int i = 0; i < 7; i++) {
            batcher.add(example(i, "short"));
        }
        batcher.flush();

        assertThat(batches).extracting(List::size).containsExactly(3, 3, 1);
        assertThat(batcher.batchesEmitted()).isEqualTo(3);
    }

    @Test
    void largeAnswersNeverMakeAMessageOverKafkasDefaultLimit() {
        List<List<Example>> batches = new ArrayList<>();
        ExampleBatcher batcher = new ExampleBatcher(batches::add);
        String longAnswer = "Une réponse \"citée\" et longue, avec des accents. ".repeat(200);

        for (int i = 0; i < 2_000; i++) {
            batcher.add(example(i, longAnswer));
        }
        batcher.flush();

        assertThat(batches).hasSizeGreaterThan(4);
        for (int i = 0; i < batches.size(); i++) {
            String json = EventCodec.encode(
                    new ExamplesIngested(EventMetadata.create("/t", "ds"), "ds", i, batches.get(i)));
            assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(1024 * 1024);
        }
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(2_000);
    }

    private static Example example(int i, String answer) {
        return new Example("ds/" + i, "ds/g" + i, Split.TRAIN, "Question " + i + "?", answer, null, Origin.ORIGINAL,
                null, i + 2);
    }
}
