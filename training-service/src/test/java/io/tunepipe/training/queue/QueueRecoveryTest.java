package io.tunepipe.training.queue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.messaging.work.WorkLoop;
import io.tunepipe.messaging.work.WorkQueue;
import io.tunepipe.training.WireMockTestResource;
import io.tunepipe.training.provider.ProviderRegistry;
import io.tunepipe.training.repository.TrainingJob;
import io.tunepipe.training.repository.TrainingJobRepository;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tunepipe.training.OpenAiShapes.job;
import static io.tunepipe.training.OpenAiShapes.list;
import static io.tunepipe.training.queue.JobLifecycleTest.creations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances on one database, and instances that die mid-step: a job is held by one instance at a time, a
 * dead instance's job is taken over from its recorded state, and nothing is submitted twice or lost.
 */
@QuarkusTest
class QueueRecoveryTest {

    private final WireMockServer api = WireMockTestResource.server();

    @Inject
    ExampleRepository examples;
    @Inject
    BatchLedgerRepository ledger;
    @Inject
    WorkLoop loop;
    @Inject
    WorkQueue work;
    @Inject
    TrainingWork training;
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
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger maxActive = new AtomicInteger();
        ExecutorService watcher = Executors.newSingleThreadExecutor();
        SecondInstance second;
        loop.stop(); // the second instance claims first, then this one joins
        try {
            for (int i = 0; i < 10; i++) {
                String ds = QueueFixtures.readyDataset(examples, ledger, 10);
                ids.add(queue.create(new JobSpec(ds, "openai", null, null, null, "multi"), null).id);
            }
            second = new SecondInstance("instance-b", work, training, Integer.MAX_VALUE);
            await().atMost(Duration.ofSeconds(30)).until(() -> !second.held().isEmpty());
        } finally {
            loop.start();
        }
        try (second) {
            Future<?> watching = watcher.submit(() -> {
                while (!done.get()) {
                    maxActive.accumulateAndGet(activeOpenAiJobs(), Math::max);
                }
            });
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> ids.stream().allMatch(id -> QueueFixtures.status(id).isFinal()));
            done.set(true);
            watching.get(30, TimeUnit.SECONDS);
        } finally {
            done.set(true);
            watcher.shutdownNow();
        }

        for (String id : ids) {
            assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.SUCCEEDED);
            api.verify(1, creations(id + "-1"));
            assertThat(transitions(id)).containsExactly(JobStatus.QUEUED, JobStatus.PREPARING, JobStatus.SUBMITTED,
                    JobStatus.VALIDATING_FILES, JobStatus.SUCCEEDED);
        }
        assertThat(second.held()).as("both instances took part: one job at a time is all the second holds")
                .isNotEmpty().hasSizeLessThan(ids.size());
        assertThat(maxActive.get()).as("openai limit is 3 active jobs").isBetween(1, 3);
    }

    @Test
    void twoInstancesEachRunTheLocalJobsTheyHold() throws Exception {
        List<String> ids = new ArrayList<>();
        SecondInstance second;
        loop.stop();
        try {
            for (int i = 0; i < 2; i++) {
                String ds = QueueFixtures.readyDataset(examples, ledger, 10);
                ids.add(queue.create(new JobSpec(ds, "local", null, null, 5L, "twice"), null).id);
            }
            // one claim: with the encoder loaded at start its job ends so fast that, free again, it could take the
            // other before this instance's next tick
            second = new SecondInstance("instance-b", work, training, 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> !second.held().isEmpty());
        } finally {
            loop.start();
        }
        try (second) {
            ids.forEach(QueueFixtures::awaitFinal);
        }

        assertThat(second.held()).as("the second instance held one job, this one the other").hasSize(1)
                .containsAnyElementsOf(ids);
        for (String id : ids) {
            TrainingJob job = QueueFixtures.stored(id);
            assertThat(job.status).as(job.errorMessage).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.fineTunedModel).startsWith("local-minilm:ft:twice:");
            assertThat(transitions(id)).startsWith(JobStatus.QUEUED, JobStatus.PREPARING, JobStatus.SUBMITTED)
                    .endsWith(JobStatus.SUCCEEDED);
        }
    }

    @Test
    void aJobHeldByADeadInstanceIsTakenOverAndSubmittedExactlyOnce() {
        String id = jobHeldByAnInstanceThatDies("after-create", dead -> {
            api.verify(1, creations(dead + "-1"));
            assertThat(QueueFixtures.stored(dead).providerJobId).as("the answer was never recorded").isNull();
            api.stubFor(get(urlPathEqualTo("/v1/fine_tuning/jobs")).withQueryParam("metadata[tunepipe_submission]",
                    equalTo(dead + "-1")).willReturn(okJson(list(job("ftjob-" + dead + "-1", "running", dead + "-1",
                    null)))));
        });
        String key = id + "-1";

        QueueFixtures.awaitFinal(id);

        assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(QueueFixtures.stored(id).providerJobId).isEqualTo("ftjob-" + key);
        api.verify(1, creations(key));
        api.verify(getRequestedFor(urlPathEqualTo("/v1/fine_tuning/jobs"))
                .withQueryParam("metadata[tunepipe_submission]", equalTo(key)));
        assertThat(transitions(id)).containsExactly(JobStatus.QUEUED, JobStatus.PREPARING, JobStatus.SUBMITTED,
                JobStatus.RUNNING, JobStatus.SUCCEEDED);
    }

    @Test
    void aJobWhoseInstanceDiedAfterRecordingTheCreateAnswerIsPolledByTheNextOne() {
        String id = jobHeldByAnInstanceThatDies("get", dead -> assertThat(QueueFixtures.stored(dead).providerJobId)
                .isEqualTo("ftjob-" + dead + "-1"));
        String key = id + "-1";

        QueueFixtures.awaitFinal(id);

        assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.SUCCEEDED);
        api.verify(1, creations(key));
        api.verify(0, getRequestedFor(urlPathEqualTo("/v1/fine_tuning/jobs"))
                .withQueryParam("metadata[tunepipe_submission]", equalTo(key)));
    }

    @Test
    void aJobWhoseInstanceDiedBeforeItsCreateCallIsSubmittedOnceAfterAsking() {
        String id = jobHeldByAnInstanceThatDies("before-create", dead -> {
            assertThat(QueueFixtures.stored(dead).submitStartedAt).isNotNull();
            api.verify(0, creations(dead + "-1"));
        });
        String key = id + "-1";

        QueueFixtures.awaitFinal(id);

        assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.SUCCEEDED);
        api.verify(1, creations(key));
        api.verify(getRequestedFor(urlPathEqualTo("/v1/fine_tuning/jobs"))
                .withQueryParam("metadata[tunepipe_submission]", equalTo(key)));
    }

    /**
     * An openai job that an instance claimed with a short lease and died holding at {@code point}; {@code left}
     * sees the job as the dead instance left it, before a live instance may take it over.
     */
    private String jobHeldByAnInstanceThatDies(String point, Consumer<String> left) {
        loop.stop(); // so that the doomed instance claims the job first
        try {
            String ds = QueueFixtures.readyDataset(examples, ledger, 10);
            String id = queue.create(new JobSpec(ds, "openai", null, null, null, null), null).id;
            await().atMost(Duration.ofSeconds(30)).until(() -> QueueFixtures.status(id) == JobStatus.PREPARING);
            DyingInstance.dieHolding(id, work, training, providers.find("openai").orElseThrow(), point);
            left.accept(id);
            return id;
        } finally {
            loop.start();
        }
    }

    private int activeOpenAiJobs() {
        return QuarkusTransaction.requiringNew().call(() -> (int) jobs.countActive("openai"));
    }

    private List<JobStatus> transitions(String id) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.transitions(id).stream().map(t -> t.toStatus)
                .toList());
    }
}
