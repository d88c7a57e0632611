package com.atelier.jobs;

import com.atelier.webhooks.JobCallback;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A job as the API, the credit flow, the reconciler and the worker see it. {@code attempt} counts the
 * workers that took it (0 until one does); progress is steps done of all steps of the current attempt;
 * {@code attribution} says which key, end user and model it was made for; {@code callback} is where the
 * job's own events go, when the request named a {@code webhook}.
 */
public record JobRecord(String jobId, String accountId, JobKind kind, int images, int credits, JobStatus status,
                        Optional<String> statusReason, String requestHash, Instant createdAt, Instant updatedAt,
                        JobSpec spec, int attempt, int completedSteps, int totalSteps, List<String> imageKeys,
                        int flaggedImages, Optional<JobCost> cost, JobAttribution attribution,
                        Optional<JobCallback> callback) {

    public boolean isFinished() {
        return status.isFinal();
    }

    /** A queued job without a callback of its own. */
    public static JobRecord queued(String jobId, String accountId, JobKind kind, int images, int credits,
                                   String requestHash, JobSpec spec, JobAttribution attribution, Instant now) {
        return queued(jobId, accountId, kind, images, credits, requestHash, spec, attribution, Optional.empty(), now);
    }

    /** A job as admission records it: queued, never taken by a worker. */
    public static JobRecord queued(String jobId, String accountId, JobKind kind, int images, int credits,
                                   String requestHash, JobSpec spec, JobAttribution attribution,
                                   Optional<JobCallback> callback, Instant now) {
        return new JobRecord(jobId, accountId, kind, images, credits, JobStatus.QUEUED, Optional.empty(), requestHash,
                now, now, spec, 0, 0, 0, List.of(), 0, Optional.empty(), attribution, callback);
    }
}
