package io.tunepipe.training.provider;

import io.tunepipe.training.preparation.DataRules;
import io.tunepipe.training.preparation.HyperparameterRanges;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A place that fine-tunes models. Adding one is an {@code @ApplicationScoped} implementation with a distinct
 * {@link #name()} plus its own {@code @ConfigMapping}; the queue finds it by name. Every call may throw
 * {@link ProviderException}; none is retried here, the queue decides when to try again. Only the instance that
 * holds a job calls the provider about it.
 */
public interface TrainingProvider {

    /** The name jobs use to pick this provider, such as {@code openai}. */
    String name();

    /** Why this provider cannot take jobs as configured (for example no API key), or empty when it can. */
    Optional<String> unavailableReason();

    /** The base model of jobs that name none. */
    String defaultBaseModel();

    /** What a training file for {@code baseModel} must satisfy. */
    DataRules rules(String baseModel);

    /** The hyperparameter values this provider accepts; OpenAI's unless the provider says otherwise. */
    default HyperparameterRanges ranges() {
        return HyperparameterRanges.OPENAI;
    }

    /**
     * The day the provider shuts {@code baseModel} down, when it has announced one; empty when it has not, or when
     * this provider cannot tell. Asked once per submission, before the upload, to flag the job.
     */
    default Optional<LocalDate> shutdownDate(String baseModel) {
        return Optional.empty();
    }

    /**
     * How often to ask about a submitted job, when this provider wants other than the queue's status poll interval:
     * one that answers from memory can be asked often, so its jobs end as soon as they are trained.
     */
    default Optional<Duration> statusPollInterval() {
        return Optional.empty();
    }

    /** Uploads a chat-format JSONL file for fine-tuning and returns the provider's file id. */
    String upload(Path jsonl);

    /** Starts a fine-tune; the request's submission key must be findable later through {@link #find}. */
    ProviderJob create(SubmitRequest request);

    ProviderJob get(String providerJobId);

    /**
     * Called once before this instance first polls a job submitted earlier, perhaps by another instance that died:
     * a provider whose jobs run inside the instance that submitted them starts an unfinished one again here. The
     * others run their jobs themselves and need nothing.
     */
    default void takeOver(String providerJobId) {
    }

    /** The job's events, in any order; the caller drops the ones it already has by id. */
    List<ProviderEvent> events(String providerJobId);

    List<ProviderCheckpoint> checkpoints(String providerJobId);

    ProviderJob cancel(String providerJobId);

    /**
     * The job created with this submission key, if the provider has one: asked after a crash between a create call
     * and the recording of its answer, so that nothing is submitted twice.
     */
    Optional<ProviderJob> find(String submissionKey);
}
