package com.atelier.jobs;

import java.util.EnumSet;
import java.util.Set;

/**
 * A job's life, which only moves forward: pending (recorded, not yet paid for) → queued → running →
 * succeeded | failed | rejected | cancelled. Writes enforce it with a condition on the status read.
 */
public enum JobStatus {
    PENDING,
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    REJECTED,
    CANCELLED;

    public Set<JobStatus> next() {
        switch (this) {
            case PENDING:
                // RUNNING: the queue message can reach a worker before the admission marks the job queued.
                return EnumSet.of(QUEUED, RUNNING, FAILED, CANCELLED);
            case QUEUED:
                return EnumSet.of(RUNNING, FAILED, REJECTED, CANCELLED);
            case RUNNING:
                return EnumSet.of(SUCCEEDED, FAILED, REJECTED);
            default:
                return EnumSet.noneOf(JobStatus.class);
        }
    }
}
