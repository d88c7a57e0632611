package com.atelier.jobs;

import java.time.Instant;
import java.util.Optional;

/** A job as the credit flow and the reconciler see it. */
public record JobRecord(String jobId, String accountId, JobKind kind, int images, int credits, JobStatus status,
                        Optional<String> statusReason, String requestHash, Instant createdAt, Instant updatedAt) {

    static JobRecord of(JobItem item) {
        return new JobRecord(item.getJobId(), item.getAccountId(), JobKind.valueOf(item.getKind()), item.getImages(),
                item.getCredits(), JobStatus.valueOf(item.getStatus()), Optional.ofNullable(item.getStatusReason()),
                item.getRequestHash(), Instant.parse(item.getCreatedAt()), Instant.parse(item.getUpdatedAt()));
    }
}
