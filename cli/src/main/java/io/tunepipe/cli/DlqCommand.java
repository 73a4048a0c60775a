package io.tunepipe.cli;

import io.tunepipe.localstack.DeadLetters;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** The consumers' dead letters: list them, and replay them to their topic once their cause is fixed. */
@Command(name = "dlq", description = "List dead letters, or replay them to the topic they came from.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.ReplayLetters.class})
public final class DlqCommand {

    /** A topic that is no dead-letter topic fails (1); no broker to ask is "not running" (3). */
    private static int failed(Exception e) {
        System.err.println(e.getMessage());
        return e instanceof IllegalArgumentException ? TunepipeCli.FAILED : TunepipeCli.UNAVAILABLE;
    }

    /** Prints the letters of one dead-letter topic, or of all of them. */
    @Command(name = "list", description = "Show the dead letters of TOPIC, or of every dead-letter topic.")
    static final class ListLetters implements Callable<Integer> {

        @Mixin
        CommonOptions common;

        @Parameters(arity = "0..1", paramLabel = "TOPIC", description = "A dead-letter topic (<service>.<topic>.dlq).")
        String topic;

        @Override
        public Integer call() throws Exception {
            List<DeadLetters.Letter> letters = new ArrayList<>();
            try {
                DeadLetters dead = new DeadLetters(common.home().kafkaClientConfig());
                for (String t : topic == null ? dead.topics() : List.of(topic)) {
                    letters.addAll(dead.list(t));
                }
            } catch (IllegalArgumentException | IllegalStateException | KafkaException | ExecutionException
                    | TimeoutException e) {
                return failed(e);
            }
            if (common.json) {
                System.out.println(Api.json().writeValueAsString(letters));
                return 0;
            }
            System.out.printf("%-44s %-8s %-28s %-34s %-7s %-24s %-8s %s%n", "topic", "offset", "key", "event",
                    "retries", "time", "replayed", "reason");
            for (DeadLetters.Letter l : letters) {
                System.out.printf("%-44s %-8s %-28s %-34s %-7s %-24s %-8s %s%n", l.topic(),
                        l.partition() + ":" + l.offset(), l.key(), l.eventType() + " " + orDash(l.eventId()),
                        orDash(l.retries()), l.time(), l.replayed() ? "yes" : "no", l.reason());
            }
            return 0;
        }

        private static String orDash(String value) {
            return value == null ? "-" : value;
        }
    }

    /** Sends the letters not replayed yet back to their original topic. */
    @Command(name = "replay", description = "Re-publish the dead letters of TOPIC not replayed yet to the topic they "
            + "came from (consumers drop events they already handled).")
    static final class ReplayLetters implements Callable<Integer> {

        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "TOPIC", description = "A dead-letter topic (<service>.<topic>.dlq).")
        String topic;

        @Override
        public Integer call() throws Exception {
            DeadLetters.Replay replay;
            try {
                replay = new DeadLetters(common.home().kafkaClientConfig()).replay(topic);
            } catch (IllegalArgumentException | IllegalStateException | KafkaException | ExecutionException
                    | TimeoutException e) {
                return failed(e);
            }
            if (common.json) {
                System.out.println(Api.json().writeValueAsString(Map.of("topic", topic, "replayed",
                        replay.replayed(), "skipped", replay.skipped())));
            } else {
                System.out.printf("%s: %d replayed, %d skipped (no original topic)%n", topic, replay.replayed(),
                        replay.skipped());
            }
            return 0;
        }
    }
}
