package com.atelier.jobs;

import com.atelier.accounts.CreditService;
import com.atelier.credits.Draw;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finishes what a crash left of an admission, from the account alone: a job still queued after any
 * request could be working on it, without a debit, never paid, so it is cancelled; one whose debit
 * the account holds and that is still queued long after any queue wait the workers should allow is
 * sent to the workers once more. Runs on a schedule.
 */
public final class StalledJobReconciler {

    /** Longer than API Gateway's 30 s limit on the request that created the job. */
    public static final Duration GRACE = Duration.ofMinutes(2);
    /**
     * A paid job's message is almost always in the queue (the crash between debit and send is a
     * moment), behind other jobs or waiting for GPU instances to start. A second message for a job
     * that is still waiting makes a worker redo it from the start if it arrives while the first
     * runs, so it is sent only once the wait is longer than a cold fleet's start and a normal backlog.
     */
    public static final Duration REDISPATCH_AFTER = Duration.ofMinutes(15);
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
        // One account's jobs are often many: its open debits are read (and settled) once per pass.
        Map<String, Map<String, List<Draw>>> openDebitsByAccount = new HashMap<>();
        for (JobRecord job : jobs.inStatusSince(JobStatus.QUEUED, clock.instant().minus(GRACE), BATCH)) {
            Map<String, List<Draw>> openDebits = openDebitsByAccount.computeIfAbsent(job.accountId(), credits::reconcile);
            if (openDebits.containsKey(job.jobId())) {
                boolean waitedTooLong = job.updatedAt().isBefore(clock.instant().minus(REDISPATCH_AFTER));
                if (waitedTooLong && jobs.markRedispatched(job.jobId(), clock.instant())) {
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
