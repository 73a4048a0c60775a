package io.tunepipe.training.queue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tunepipe.messaging.work.WorkLease;
import io.tunepipe.messaging.work.WorkQueue;
import io.tunepipe.training.preparation.DataRules;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import io.tunepipe.training.provider.TrainingProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A training instance that claims a job, never renews its lease and dies at a chosen point of the job's life. */
final class DyingInstance {

    /** The owner name of an instance that claims a job with a short lease, never renews it and dies. */
    static final String DOOMED = "doomed-instance";

    private DyingInstance() {
    }

    /**
     * Claims the queued jobs as {@link #DOOMED}, with a lease it never renews, and runs {@code id} with its provider
     * dying at {@code point}: an instance killed there. Its lease runs out and a live instance takes the job over.
     */
    static void dieHolding(String id, WorkQueue work, TrainingWork training, TrainingProvider real, String point) {
        assertThat(QuarkusTransaction.requiringNew().call(() -> work.claim(TrainingWork.KIND, DOOMED,
                Duration.ofMillis(300), 1000))).extracting(WorkQueue.Claimed::key).contains(id);
        JobRun dying = training.runWith(Map.of(real.name(), new DiesAt(real, point)));
        WorkLease doomed = new WorkLease() {
            @Override
            public boolean active() {
                return true;
            }

            @Override
            public boolean held() {
                return work.holds(TrainingWork.KIND, id, DOOMED);
            }
        };
        assertThatThrownBy(() -> dying.run(id, doomed)).isInstanceOf(Killed.class);
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
        public void takeOver(String providerJobId) {
            real.takeOver(providerJobId);
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
