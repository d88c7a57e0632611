package com.atelier.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A job as the API, the credit flow, the reconciler and the worker see it. {@code attempt} counts the
 * workers that took it (0 until one does); progress is steps done of all steps of the current attempt.
 */
public record JobRecord(String jobId, String accountId, JobKind kind, int images, int credits, JobStatus status,
                        Optional<String> statusReason, String requestHash, Instant createdAt, Instant updatedAt,
                        JobSpec spec, int attempt, int completedSteps, int totalSteps, List<String> imageKeys,
                        int flaggedImages, Optional<JobCost> cost) {

    static JobRecord of(JobItem item) {
        Optional<JobCost> cost = item.getModel() == null ? Optional.empty()
                : Optional.of(new JobCost(item.getModel(), orZero(item.getSteps()), item.getDevice(),
                        item.getDeviceMillis() == null ? 0 : item.getDeviceMillis(),
                        item.getWorkMillis() == null ? 0 : item.getWorkMillis()));
        return new JobRecord(item.getJobId(), item.getAccountId(), JobKind.valueOf(item.getKind()), item.getImages(),
                item.getCredits(), JobStatus.valueOf(item.getStatus()), Optional.ofNullable(item.getStatusReason()),
                item.getRequestHash(), Instant.parse(item.getCreatedAt()), Instant.parse(item.getUpdatedAt()),
                JobSpec.of(item), orZero(item.getAttempt()), orZero(item.getCompletedSteps()),
                orZero(item.getTotalSteps()), item.getImageKeys() == null ? List.of() : List.copyOf(item.getImageKeys()),
                orZero(item.getFlaggedImages()), cost);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    public boolean isFinished() {
        return status.next().isEmpty();
    }
}
