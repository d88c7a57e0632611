package com.atelier.jobs;

import java.util.EnumSet;
import java.util.Set;

/**
 * A job's life, which only moves forward: queued (recorded; paid for unless a crash or a refusal of
 * the debit stopped its admission) → running → succeeded | failed | rejected | cancelled. Writes
 * enforce it with a condition on the status they move from.
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    REJECTED,
    CANCELLED;

    public Set<JobStatus> next() {
        switch (this) {
            case QUEUED:
                return EnumSet.of(RUNNING, FAILED, REJECTED, CANCELLED);
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
