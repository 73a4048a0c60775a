package io.tunepipe.training.queue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.training.WireMockTestResource;
import io.tunepipe.training.preparation.DataRules;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.ProviderRegistry;
import io.tunepipe.training.provider.SubmitRequest;
import io.tunepipe.training.provider.TrainingProvider;
import io.tunepipe.training.repository.TrainingJobRepository;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tunepipe.training.OpenAiShapes.job;
import static io.tunepipe.training.OpenAiShapes.list;
import static io.tunepipe.training.queue.JobLifecycleTest.creations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Several workers on one database, and workers that die mid-step: nothing is submitted twice or lost. */
@QuarkusTest
class QueueRecoveryTest {

    private final WireMockServer api = WireMockTestResource.server();

    @Inject
    ExampleRepository examples;
    @Inject
    BatchLedgerRepository ledger;
    @Inject
    QueueLoop loop;
    @Inject
    JobQueue queue;
    @Inject
    TrainingJobRepository jobs;
    @Inject
    ProviderRegistry providers;

    @BeforeEach
    void stubOpenAi() {
        QueueFixtures.succeedingOpenAi(api);
    }

    @Test
    void twoInstancesShareTenJobsAndSubmitEachExactlyOnceWithinTheProviderLimit() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String ds = QueueFixtures.readyDataset(examples, ledger, 10);
            ids.add(queue.create(new JobSpec(ds, "openai", null, null, null, "multi"), null).id);
        }
        Set<String> advancedBy = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger maxActive = new AtomicInteger();
        ExecutorService instances = Executors.newFixedThreadPool(3);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (String instance : List.of("instance-a", "instance-b")) {
                JobWorker worker = loop.newWorker(instance, Duration.ofSeconds(30), providers.all());
                running.add(instances.submit(() -> {
                    start.await();
                    while (!done.get()) {
                        if (worker.runOnce() > 0) {
                            advancedBy.add(instance);
                        }
                    }
                    return null;
                }));
            }
            running.add(instances.submit(() -> {
                start.await();
                while (!done.get()) {
                    maxActive.accumulateAndGet(activeOpenAiJobs(), Math::max);
                }
                return null;
            }));
            start.countDown();

            await().atMost(Duration.ofSeconds(120))
                    .until(() -> ids.stream().allMatch(id -> QueueFixtures.status(id).isFinal()));
            done.set(true);
            for (Future<?> f : running) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            done.set(true);
            instances.shutdownNow();
        }

        for (String id : ids) {
            assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.SUCCEEDED);
            api.verify(1, creations(id + "-1"));
            assertThat(transitions(id)).containsExactly(JobStatus.QUEUED, JobStatus.PREPARING, JobStatus.SUBMITTED,
                    JobStatus.VALIDATING_FILES, JobStatus.SUCCEEDED);
        }
        assertThat(advancedBy).as("both instances took part").containsExactlyInAnyOrder("instance-a", "instance-b");
        assertThat(maxActive.get()).as("openai limit is 3 active jobs").isBetween(1, 3);
    }

    @Test
    void aWorkerKilledAfterTheCreateAnswerButBeforeRecordingItLeavesTheJobToBeFoundNotResubmitted() {
        String id = newJob();
        String key = id + "-1";
        api.stubFor(get(urlPathEqualTo("/v1/fine_tuning/jobs")).withQueryParam("metadata[tunepipe_submission]",
                equalTo(key)).willReturn(okJson(list(job("ftjob-" + key, "running", key, null)))));
        JobWorker crashing = loop.newWorker("doomed", Duration.ofMillis(300),
                Map.of("openai", new DiesAt(openAi(), "after-create")));

        assertThatThrownBy(crashing::runOnce).isInstanceOf(Killed.class);
        api.verify(1, creations(key));
        assertThat(QueueFixtures.stored(id).providerJobId).as("the answer was never recorded").isNull();

        runFreshWorkerUntilFinal(id);

        assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(QueueFixtures.stored(id).providerJobId).isEqualTo("ftjob-" + key);
        api.verify(1, creations(key));
        api.verify(getRequestedFor(urlPathEqualTo("/v1/fine_tuning/jobs"))
                .withQueryParam("metadata[tunepipe_submission]", equalTo(key)));
        assertThat(transitions(id)).containsExactly(JobStatus.QUEUED, JobStatus.PREPARING, JobStatus.SUBMITTED,
                JobStatus.RUNNING, JobStatus.SUCCEEDED);
    }

    @Test
    void aWorkerKilledAfterRecordingTheCreateAnswerLeavesPollingToTheNextOne() {
        String id = newJob();
        String key = id + "-1";
        JobWorker crashing = loop.newWorker("doomed", Duration.ofMillis(300),
                Map.of("openai", new DiesAt(openAi(), "get")));

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                crashing.runOnce();
                return false;
            } catch (Killed e) {
                return true;
            }
        });
        assertThat(QueueFixtures.stored(id).providerJobId).isEqualTo("ftjob-" + key);

        runFreshWorkerUntilFinal(id);

        assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.SUCCEEDED);
        api.verify(1, creations(key));
        api.verify(0, getRequestedFor(urlPathEqualTo("/v1/fine_tuning/jobs"))
                .withQueryParam("metadata[tunepipe_submission]", equalTo(key)));
    }

    @Test
    void aWorkerKilledBeforeItsCreateCallLeftTheProviderSubmitsOnceAfterAsking() {
        String id = newJob();
        String key = id + "-1";
        JobWorker crashing = loop.newWorker("doomed", Duration.ofMillis(300),
                Map.of("openai", new DiesAt(openAi(), "before-create")));

        assertThatThrownBy(crashing::runOnce).isInstanceOf(Killed.class);
        assertThat(QueueFixtures.stored(id).submitStartedAt).isNotNull();
        api.verify(0, creations(key));

        runFreshWorkerUntilFinal(id);

        assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.SUCCEEDED);
        api.verify(1, creations(key));
        api.verify(getRequestedFor(urlPathEqualTo("/v1/fine_tuning/jobs"))
                .withQueryParam("metadata[tunepipe_submission]", equalTo(key)));
    }

    private String newJob() {
        String ds = QueueFixtures.readyDataset(examples, ledger, 10);
        return queue.create(new JobSpec(ds, "openai", null, null, null, null), null).id;
    }

    private void runFreshWorkerUntilFinal(String id) {
        JobWorker fresh = loop.newWorker("restarted-" + UUID.randomUUID(), Duration.ofSeconds(30), providers.all());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            fresh.runOnce();
            return QueueFixtures.status(id).isFinal();
        });
    }

    private TrainingProvider openAi() {
        return providers.find("openai").orElseThrow();
    }

    private int activeOpenAiJobs() {
        return QuarkusTransaction.requiringNew().call(() -> (int) jobs.countActive("openai"));
    }

    private List<JobStatus> transitions(String id) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.transitions(id).stream().map(t -> t.toStatus)
                .toList());
    }

    /** The process dying: an Error no worker catches, so nothing after it is recorded. */
    static final class Killed extends Error {
        Killed(String where) {
            super("killed " + where);
        }
    }

    /** A real provider, in a process that dies at one point of the job's life. */
    record DiesAt(TrainingProvider real, String point) implements TrainingProvider {

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public Optional<String> unavailableReason() {
            return real.unavailableReason();
        }

        @Override
        public String defaultBaseModel() {
            return real.defaultBaseModel();
        }

        @Override
        public DataRules rules(String baseModel) {
            return real.rules(baseModel);
        }

        @Override
        public String upload(Path jsonl) {
            return real.upload(jsonl);
        }

        @Override
        public ProviderJob create(SubmitRequest request) {
            if (point.equals("before-create")) {
                throw new Killed(point);
            }
            ProviderJob created = real.create(request);
            if (point.equals("after-create")) {
                throw new Killed(point);
            }
            return created;
        }

        @Override
        public ProviderJob get(String providerJobId) {
            if (point.equals("get")) {
                throw new Killed(point);
            }
            return real.get(providerJobId);
        }

        @Override
        public List<ProviderEvent> events(String providerJobId) {
            return real.events(providerJobId);
        }

        @Override
        public List<ProviderCheckpoint> checkpoints(String providerJobId) {
            return real.checkpoints(providerJobId);
        }

        @Override
        public ProviderJob cancel(String providerJobId) {
            return real.cancel(providerJobId);
        }

        @Override
        public Optional<ProviderJob> find(String submissionKey) {
            return real.find(submissionKey);
        }
    }
}
