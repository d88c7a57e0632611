package com.atelier.jobs;

import com.atelier.accounts.CreditService;
import com.atelier.credits.Draw;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settles jobs a crash left pending, from the account item alone: a job whose debit is in the
 * account's open debits was paid for, so it is finished (its ledger entry ensured, then queued); a
 * job without one never paid, so it is cancelled. Runs on a schedule; a job is only touched once it
 * has been pending longer than any request could still be working on it.
 */
public final class PendingJobReconciler {

    /** Longer than API Gateway's 30 s limit on the request that created the job. */
    public static final Duration GRACE = Duration.ofMinutes(2);
    private static final int BATCH = 100;

    private final JobStore jobs;
    private final CreditService credits;
    private final JobAdmission admission;
    private final Clock clock;

    public PendingJobReconciler(JobStore jobs, CreditService credits, JobAdmission admission, Clock clock) {
        this.jobs = jobs;
        this.credits = credits;
        this.admission = admission;
        this.clock = clock;
    }

    /** What one pass did. */
    public record Pass(int finished, int cancelled) {
    }

    public Pass run() {
        int finished = 0;
        int cancelled = 0;
        List<JobRecord> stuck = jobs.inStatusSince(JobStatus.PENDING, clock.instant().minus(GRACE), BATCH);
        for (JobRecord job : stuck) {
            Map<String, List<Draw>> openDebits = credits.reconcile(job.accountId());
            if (openDebits.containsKey(job.jobId())) {
                try {
                    admission.enqueue(job);
                    finished++;
                } catch (JobAdmission.QueueUnavailableException refundedAndFailed) {
                    cancelled++;
                }
            } else if (jobs.transition(job.jobId(), JobStatus.PENDING, JobStatus.CANCELLED,
                    Optional.of("interrupted_before_payment"), clock.instant())) {
                cancelled++;
            }
        }
        return new Pass(finished, cancelled);
    }
}
