package io.tunepipe.training.queue;

import io.quarkus.scheduler.Scheduled;
import io.tunepipe.training.config.TrainingConfig;
import io.tunepipe.training.preparation.TrainingFiles;
import io.tunepipe.training.provider.ProviderRegistry;
import io.tunepipe.training.provider.TrainingProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Runs this instance's worker on a timer (unless tunepipe.training.queue.enabled is false). */
@ApplicationScoped
public class QueueLoop {

    @Inject
    JobQueue queue;
    @Inject
    TrainingFiles files;
    @Inject
    ProviderRegistry providers;
    @Inject
    TrainingConfig config;

    private volatile JobWorker worker;

    @Scheduled(every = "${tunepipe.training.queue.tick:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (config.queue().enabled()) {
            instanceWorker().runOnce();
        }
    }

    /** A worker with its own id; the timer uses one per instance, tests may start more to compete with it. */
    public JobWorker newWorker(String id, Duration lease, Map<String, TrainingProvider> withProviders) {
        return new JobWorker(id, lease, queue, files, withProviders, config.queue());
    }

    private JobWorker instanceWorker() {
        if (worker == null) {
            worker = newWorker(hostName() + "/" + UUID.randomUUID(), config.queue().lease(), providers.all());
        }
        return worker;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "training-service";
        }
    }
}
