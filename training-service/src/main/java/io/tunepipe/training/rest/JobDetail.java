package io.tunepipe.training.rest;

import io.tunepipe.contracts.JobStatus;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One job with its history: status transitions, the provider's events and checkpoints, and the training metrics
 * (the data of the provider's "metrics" events, by step).
 */
public record JobDetail(JobView job, List<Transition> transitions, List<ProviderEvent> events,
        List<ProviderCheckpoint> checkpoints, List<Map<String, Object>> metrics) {

    /** One status change. */
    public record Transition(JobStatus from, JobStatus to, Instant at, String detail) {
    }
}
