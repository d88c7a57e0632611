package com.atelier.jobs;

import java.util.EnumSet;
import java.util.Set;

/**
 * A job's life, which only moves forward: queued (recorded; paid for unless a crash stopped its
 * admission) → running → succeeded | failed | rejected | cancelled. Writes enforce it with a condition
 * on the status they move from. One step goes back: a job whose debit was refused is refused, unpaid
 * and unfinished, so that nothing settles or refunds it and a retry with the same Idempotency-Key
 * queues it again and pays. A final status would spend the key on a request that was never charged,
 * and leaving it queued would let the reconciler cancel it.
 */
public enum JobStatus {
    QUEUED,
    REFUSED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    REJECTED,
    CANCELLED;

    public Set<JobStatus> next() {
        switch (this) {
            case QUEUED:
                return EnumSet.of(REFUSED, RUNNING, FAILED, REJECTED, CANCELLED);
            case REFUSED:
                return EnumSet.of(QUEUED, RUNNING, FAILED, CANCELLED);
            case RUNNING:
                return EnumSet.of(SUCCEEDED, FAILED, REJECTED);
            default:
                return EnumSet.noneOf(JobStatus.class);
        }
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
