package com.atelier.jobs;

import com.atelier.accounts.CreditService;
import com.atelier.credits.Draw;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finishes what a crash left of an admission, from the account alone: a job still queued after any
 * request could be working on it, whose debit the account holds, is sent to the workers once more (a
 * second message is harmless: a worker's claim holds once); one without a debit never paid, so it is
 * cancelled. Runs on a schedule.
 */
public final class StalledJobReconciler {

    /** Longer than API Gateway's 30 s limit on the request that created the job. */
    public static final Duration GRACE = Duration.ofMinutes(2);
    private static final int BATCH = 100;

    private final JobRepository jobs;
    private final CreditService credits;
    private final JobAdmission admission;
    private final Clock clock;

    public StalledJobReconciler(JobRepository jobs, CreditService credits, JobAdmission admission, Clock clock) {
        this.jobs = jobs;
        this.credits = credits;
        this.admission = admission;
        this.clock = clock;
    }

    /** What one pass did. */
    public record Pass(int redispatched, int cancelled) {
    }

    public Pass run() {
        int redispatched = 0;
        int cancelled = 0;
        for (JobRecord job : jobs.inStatusSince(JobStatus.QUEUED, clock.instant().minus(GRACE), BATCH)) {
            Map<String, List<Draw>> openDebits = credits.reconcile(job.accountId());
            if (openDebits.containsKey(job.jobId())) {
                if (jobs.markRedispatched(job.jobId(), clock.instant())) {
                    try {
                        admission.dispatch(job);
                        redispatched++;
                    } catch (JobAdmission.QueueUnavailableException refundedAndFailed) {
                        cancelled++;
                    }
                }
            } else if (jobs.transition(job.jobId(), JobStatus.QUEUED, JobStatus.CANCELLED,
                    Optional.of("interrupted_before_payment"), clock.instant()).isPresent()) {
                cancelled++;
            }
        }
        return new Pass(redispatched, cancelled);
    }
}
