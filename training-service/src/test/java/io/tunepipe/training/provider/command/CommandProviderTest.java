package io.tunepipe.training.provider.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.training.MappedConfig;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The command provider running a real trainer: a bash script that writes progress like LLaMA-Factory would. */
class CommandProviderTest {

    /** Modes (the job's suffix): named, plain, fail, wait (until a release file appears in its output dir). */
    private static final String TRAINER = """
            set -u
            mode=$1 train=$2 out=$3 progress=$4 epochs=$5 base=$6
            echo "$$" >> "$(dirname "$0")/launches"
            if [ "$mode" = fail ]; then
              for i in $(seq 1 200); do echo "loading shard $i of 200" >&2; done
              echo "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB" >&2
              exit 3
            fi
            if [ "$mode" = wait ]; then
              echo '{"epoch": 1, "step": 1, "loss": 1.5}' >> "$progress"
              sleep 600 & helper=$!
              echo "$helper" > "$out/helper.pid"
              while [ ! -e "$out/release" ]; do sleep 0.05; done
              kill "$helper"
              echo '{"model": "resumed-model"}' >> "$progress"
              exit 0
            fi
            for epoch in $(seq 1 "$epochs"); do
              step=$((epoch * 10)) loss="0.$((9 - epoch))"
              echo "{\\"epoch\\": $epoch, \\"step\\": $step, \\"loss\\": $loss, \\"valid_loss\\": $loss,\
             \\"checkpoint\\": \\"$out/checkpoint-$step\\"}" >> "$progress"
            done
            wc -l < "$train" | tr -d ' ' > "$out/trained-on"
            if [ "$mode" = named ]; then echo "{\\"model\\": \\"$base-faq-lora\\"}" >> "$progress"; fi
            echo "saved to $out"
            """;
    private static final String BASE = "Qwen/Qwen2.5-0.5B-Instruct";

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private CommandConfig config;
    private CommandProvider provider;
    private String trainingFile;

    @BeforeEach
    void trainer() throws IOException {
        Path script = Files.writeString(dir.resolve("trainer.sh"), TRAINER);
        config = MappedConfig.of(CommandConfig.class, Map.of(
                "tunepipe.training.command.data-dir", dir.resolve("data").toString(),
                "tunepipe.training.command.model-name", "tunepipe-{suffix}-{job}",
                "tunepipe.training.command.cancel-grace", "5s",
                "tunepipe.training.command.command-line", String.join(",", "bash", script.toString(), "{suffix}",
                        "{training_file}", "{output_dir}", "{progress_file}", "{n_epochs}", "{base_model}")));
        provider = new CommandProvider(config, json);
        Path jsonl = Files.writeString(dir.resolve("job-training.jsonl"), """
                {"messages": [{"role": "user", "content": "q1"}, {"role": "assistant", "content": "a1"}]}
                {"messages": [{"role": "user", "content": "q2"}, {"role": "assistant", "content": "a2"}]}
                {"messages": [{"role": "user", "content": "q3"}, {"role": "assistant", "content": "a3"}]}
                """);
        trainingFile = provider.upload(jsonl);
        Files.delete(jsonl);
    }

    @AfterEach
    void stopLeftovers() throws IOException {
        if (Files.exists(dir.resolve("launches"))) {
            Files.readAllLines(dir.resolve("launches")).forEach(pid -> ProcessHandle.of(Long.parseLong(pid))
                    .ifPresent(p -> Stream.concat(p.descendants(), Stream.of(p)).forEach(ProcessHandle::destroy)));
        }
    }

    @Test
    void runsTheTrainerToItsModelWithMetricsEventsAndCheckpoints() throws IOException {
        ProviderJob created = provider.create(request("named", "job-1-1"));

        ProviderJob done = awaitStatus(provider, created.id(), JobStatus.SUCCEEDED);

        assertThat(created.status()).isIn(JobStatus.RUNNING, JobStatus.SUCCEEDED);
        assertThat(done.fineTunedModel()).isEqualTo(BASE + "-faq-lora");
        assertThat(done.error()).isNull();
        assertThat(Files.readString(output(created.id()).resolve("trained-on")).strip()).isEqualTo("3");
        List<ProviderEvent> events = provider.events(created.id());
        assertThat(events.get(0).message()).startsWith("Trainer started, pid ");
        assertThat(events.get(events.size() - 1).message()).isEqualTo("Trainer exited with code 0");
        List<ProviderEvent> metrics = events.stream().filter(e -> e.type().equals("metrics")).toList();
        assertThat(metrics).extracting(e -> e.data().get("step")).containsExactly(10, 20);
        assertThat(metrics.get(1).data()).containsEntry("train_loss", 0.7).containsEntry("epoch", 2);
        assertThat(metrics.get(1).message()).isEqualTo("Step 20 (epoch 2): training loss=0.7000");
        List<ProviderCheckpoint> checkpoints = provider.checkpoints(created.id());
        assertThat(checkpoints).extracting(ProviderCheckpoint::stepNumber).containsExactly(10L, 20L);
        assertThat(checkpoints.get(1).model()).isEqualTo(output(created.id()) + "/checkpoint-20");
        assertThat(checkpoints.get(1).metrics()).containsEntry("valid_loss", 0.7);
    }

    @Test
    void withoutAModelLineTheConfiguredTemplateNamesTheModel() {
        String id = provider.create(request("plain", "job-2-1")).id();

        assertThat(awaitStatus(provider, id, JobStatus.SUCCEEDED).fineTunedModel()).isEqualTo("tunepipe-plain-" + id);
    }

    @Test
    void aTrainerThatFailsFailsTheJobWithTheTailOfItsStandardError() {
        String id = provider.create(request("fail", "job-3-1")).id();

        ProviderJob failed = awaitStatus(provider, id, JobStatus.FAILED);

        assertThat(failed.error().code()).isEqualTo("trainer_failed");
        assertThat(failed.error().message()).startsWith("The trainer exited with code 3: ...")
                .endsWith("RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB")
                .contains("loading shard 200 of 200").doesNotContain("loading shard 1 of 200");
        assertThat(failed.error().message().length()).isLessThan(2100);
        assertThat(failed.fineTunedModel()).isNull();
    }

    @Test
    void cancelStopsTheTrainerAndEverythingItStarted() throws IOException {
        String id = provider.create(request("wait", "job-4-1")).id();
        Path helperPidFile = output(id).resolve("helper.pid");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(helperPidFile)
                && !Files.readString(helperPidFile).isBlank());
        long helper = Long.parseLong(Files.readString(helperPidFile).strip());
        long trainer = Long.parseLong(Files.readAllLines(dir.resolve("launches")).get(0));
        assertThat(provider.get(id).status()).isEqualTo(JobStatus.RUNNING);

        provider.cancel(id);

        ProviderJob cancelled = awaitStatus(provider, id, JobStatus.CANCELLED);
        assertThat(cancelled.error()).isNull();
        for (long pid : new long[] {helper, trainer}) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid).isEmpty();
        }
    }

    @Test
    void aRestartedServiceFindsTheRunningTrainerAndNeverStartsItTwice() throws IOException {
        SubmitRequest request = request("wait", "job-5-1");
        String id = provider.create(request).id();
        await().atMost(Duration.ofSeconds(30)).until(() -> provider.events(id).stream()
                .anyMatch(e -> e.type().equals("metrics")));

        CommandProvider restarted = new CommandProvider(config, json);

        assertThat(restarted.find("job-5-1")).map(ProviderJob::id).contains(id);
        assertThat(restarted.get(id).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(restarted.create(request).id()).isEqualTo(id);
        assertThat(restarted.find("job-5-2")).isEmpty();
        Files.writeString(output(id).resolve("release"), "");
        ProviderJob done = awaitStatus(restarted, id, JobStatus.SUCCEEDED);
        assertThat(done.fineTunedModel()).isEqualTo("resumed-model");
        assertThat(Files.readAllLines(dir.resolve("launches"))).hasSize(1);
    }

    private SubmitRequest request(String mode, String submissionKey) {
        return new SubmitRequest(BASE, trainingFile, null, new Hyperparameters("2", null, null), 42L, mode,
                submissionKey);
    }

    private Path output(String jobId) {
        return dir.resolve("data").resolve("jobs").resolve(jobId).resolve("output").toAbsolutePath();
    }

    /** Waits for the job to end, or reach {@code status}, and checks that it is in {@code status}. */
    private static ProviderJob awaitStatus(CommandProvider provider, String id, JobStatus status) {
        ProviderJob job = await().atMost(Duration.ofSeconds(30)).until(() -> provider.get(id),
                j -> j.status() == status || j.status().isFinal());
        assertThat(job.status()).as("job %s: %s", id, job.error()).isEqualTo(status);
        return job;
    }
}
