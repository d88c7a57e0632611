package com.atelier.jobs;

import com.atelier.accounts.CreditService;
import com.atelier.credits.InsufficientCreditsException;
import com.atelier.credits.Pricing;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Accepts a validated, moderated request as a paid, queued job, in the order that makes any crash
 * recoverable (ARCHITECTURE.md): the job record as pending (deterministic id), then the debit and its
 * ledger entry (one conditional write; a repeated job id never pays twice), then the queue message,
 * then the job as queued. {@link PendingJobReconciler} finishes or cancels what a crash leaves pending.
 */
public final class JobAdmission {

    private final JobStore jobs;
    private final CreditService credits;
    private final JobQueue queue;
    private final Clock clock;

    public JobAdmission(JobStore jobs, CreditService credits, JobQueue queue, Clock clock) {
        this.jobs = jobs;
        this.credits = credits;
        this.queue = queue;
        this.clock = clock;
    }

    /** The outcome for the caller: the job (new or, for a replayed id, as it stands), and whether this call paid. */
    public record Admission(JobRecord job, boolean chargedNow) {
    }

    /** The same job id came with a different request: the caller reused an idempotency key. */
    public static final class ConflictingRequestException extends RuntimeException {
        public ConflictingRequestException(String jobId) {
            super("job " + jobId + " was created by a different request");
        }
    }

    /** The queue could not take the job; its credits were given back. */
    public static final class QueueUnavailableException extends RuntimeException {
        public QueueUnavailableException(String jobId, Throwable cause) {
            super("job " + jobId + " could not be queued; its credits were refunded", cause);
        }
    }

    /**
     * @throws InsufficientCreditsException nothing charged; the pending record is cancelled
     * @throws ConflictingRequestException  the id belongs to another request
     * @throws QueueUnavailableException    refunded, the job failed
     */
    public Admission admit(String jobId, String accountId, JobKind kind, int images, String requestHash, JobSpec spec) {
        int price = Pricing.creditsFor(kind, images);
        JobRecord job = jobs.recordPending(jobId, accountId, kind, images, price, requestHash, spec, clock.instant());
        if (!job.accountId().equals(accountId) || !job.requestHash().equals(requestHash)) {
            throw new ConflictingRequestException(jobId);
        }
        if (job.status() != JobStatus.PENDING) {
            return new Admission(job, false);
        }
        CreditService.Charge charge;
        try {
            charge = credits.charge(accountId, jobId, price);
        } catch (InsufficientCreditsException e) {
            jobs.transition(jobId, JobStatus.PENDING, JobStatus.CANCELLED, Optional.of("insufficient_quota"), clock.instant());
            throw e;
        }
        return new Admission(enqueue(job), !charge.alreadyPaid());
    }

    /** Sends a pending, paid job to the queue and marks it queued; refunds and fails it when the queue is down. */
    JobRecord enqueue(JobRecord job) {
        try {
            queue.send(job.jobId());
        } catch (SdkException e) {
            credits.refund(job.accountId(), job.jobId());
            jobs.transition(job.jobId(), JobStatus.PENDING, JobStatus.FAILED, Optional.of("queue_unavailable"), clock.instant());
            throw new QueueUnavailableException(job.jobId(), e);
        }
        Instant now = clock.instant();
        jobs.transition(job.jobId(), JobStatus.PENDING, JobStatus.QUEUED, Optional.empty(), now);
        return jobs.find(job.jobId()).orElseThrow();
    }
}
