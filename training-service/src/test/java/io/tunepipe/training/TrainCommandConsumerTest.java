package io.tunepipe.training;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.Topics;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.training.messaging.TrainCommand;
import io.tunepipe.training.repository.TrainingJob;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Training commands on the real Kafka: one sent twice queues one job, an unknown provider fails its job with a clear
 * error, and an unreadable command is dead-lettered without retries.
 */
@QuarkusTest
class TrainCommandConsumerTest {

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Test
    void aCommandQueuesOneJobEvenWhenSentTwice() {
        String ds = "ds-" + UUID.randomUUID();
        String command = """
                {"commandId": "cmd-%s", "datasetId": "%s", "provider": "openai", "baseModel": "gpt-4.1-mini-2025-04-14",
                 "hyperparameters": {"n_epochs": 4, "batch_size": "auto", "learning_rate_multiplier": "auto"},
                 "seed": 11, "suffix": "support"}""".formatted(ds, ds);
        kafka.send(TrainCommand.TOPIC, ds, command);
        kafka.send(TrainCommand.TOPIC, ds, command);

        String marker = "ds-" + UUID.randomUUID();
        kafka.send(TrainCommand.TOPIC, ds, "{\"commandId\": \"m-" + marker + "\", \"datasetId\": \"" + marker + "\"}");

        // same key, same partition: once the marker's job exists, both copies of the command were handled
        await().atMost(Duration.ofSeconds(30)).until(() -> !jobs(marker).isEmpty());
        kafka.await(Topics.TRAINING_JOB_STATUSES, r -> r.value().contains(ds), 1, Duration.ofSeconds(30));

        TrainingJob job = jobs(ds).get(0);
        assertThat(jobs(ds)).hasSize(1);
        assertThat(job.status).as("waits until the dataset is complete").isEqualTo(JobStatus.QUEUED);
        assertThat(job.baseModel).isEqualTo("gpt-4.1-mini-2025-04-14");
        assertThat(job.nEpochs).isEqualTo("4");
        assertThat(job.seed).isEqualTo(11L);
        assertThat(job.suffix).isEqualTo("support");
    }

    @Test
    void aCommandForAnUnknownProviderFailsItsJobWithAClearError() {
        String ds = "ds-" + UUID.randomUUID();
        kafka.send(TrainCommand.TOPIC, ds, "{\"commandId\": \"c-" + ds + "\", \"datasetId\": \"" + ds
                + "\", \"provider\": \"bedrock\"}");

        await().atMost(Duration.ofSeconds(30)).until(() -> !jobs(ds).isEmpty());

        TrainingJob job = jobs(ds).get(0);
        assertThat(job.status).isEqualTo(JobStatus.FAILED);
        assertThat(job.errorCode).isEqualTo("unknown_provider");
        assertThat(job.errorMessage).startsWith("unknown training provider 'bedrock'; this build has ")
                .contains("azure-openai", "command", "fireworks", "local", "openai", "together");
    }

    @Test
    void anUnreadableCommandGoesToTheDeadLetterTopic() {
        String bad = "{\"commandId\": \"x\", \"datasetId\": \"d\", \"hyperparameters\": {\"n_epochs\": -2}}";
        kafka.send(TrainCommand.TOPIC, "bad", bad);

        var dead = kafka.await("training-service.training-commands.dlq", r -> bad.equals(r.value()), 1,
                Duration.ofSeconds(30));
        assertThat(new String(dead.get(0).headers().lastHeader("dead-letter-reason").value()))
                .contains("n_epochs must be \"auto\" or a positive integer");
        assertThat(new String(dead.get(0).headers().lastHeader(Topics.DEAD_LETTER_RETRIES).value()))
                .as("a poison command is not retried").isEqualTo("0");
    }

    private static List<TrainingJob> jobs(String ds) {
        return QuarkusTransaction.requiringNew().call(() -> TrainingJob.list("datasetId", ds));
    }
}
