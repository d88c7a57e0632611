package com.atelier.jobs;

import com.atelier.accounts.Account;
import com.atelier.accounts.CreditService;
import com.atelier.budgets.BudgetExceededException;
import com.atelier.credits.InsufficientCreditsException;
import com.atelier.credits.Pricing;
import com.atelier.credits.TooManyOpenJobsException;

import com.atelier.webhooks.JobCallback;
import java.time.Clock;
import java.util.Optional;

/**
 * Accepts a validated, moderated request as a paid, queued job in three writes, in the order that
 * makes any crash recoverable (docs/architecture.md, "Admission"): the job record, queued under its
 * deterministic id (a replay finds it and never pays again); the debit, one conditional write on the
 * account; the message to the workers. {@link StalledJobReconciler} cancels a job a crash left
 * unpaid and sends again one it left unsent.
 */
public final class JobAdmission {

    private final JobRepository jobs;
    private final CreditService credits;
    private final JobDispatch dispatch;
    private final Clock clock;

    public JobAdmission(JobRepository jobs, CreditService credits, JobDispatch dispatch, Clock clock) {
        this.jobs = jobs;
        this.credits = credits;
        this.dispatch = dispatch;
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
     * @param account the caller's account as its authentication read it (not read again)
     * @throws TooManyOpenJobsException     nothing recorded, nothing charged
     * @throws InsufficientCreditsException nothing charged; the recorded job is refused until a retry pays
     * @throws BudgetExceededException      a hard budget refused it: the same as for insufficient credits
     * @throws ConflictingRequestException  the id belongs to another request
     * @throws QueueUnavailableException    refunded, the job failed
     */
    public Admission admit(Account account, String jobId, JobKind kind, int images, String requestHash, JobSpec spec,
                           JobAttribution attribution, Optional<JobCallback> callback) {
        if (!account.openDebits().containsKey(jobId) && account.openDebits().size() >= CreditService.MAX_OPEN_JOBS) {
            throw new TooManyOpenJobsException(CreditService.MAX_OPEN_JOBS);
        }
        int price = Pricing.creditsFor(kind, images);
        JobRepository.Recorded recorded = jobs.record(JobRecord.queued(jobId, account.accountId(), kind, images, price,
                requestHash, spec, attribution, callback, clock.instant()));
        JobRecord job = recorded.job();
        if (!recorded.created()) {
            if (!job.accountId().equals(account.accountId()) || !job.requestHash().equals(requestHash)) {
                throw new ConflictingRequestException(jobId);
            }
            // A queued job without its debit is one whose first request stopped before paying: finish it.
            boolean unpaid = job.status() == JobStatus.QUEUED || job.status() == JobStatus.REFUSED;
            if (!unpaid || account.openDebits().containsKey(jobId)) {
                return new Admission(job, false);
            }
            if (job.status() == JobStatus.REFUSED) {
                // A concurrent retry may have queued it first; the debit's own condition still pays at most once.
                job = jobs.transition(jobId, JobStatus.REFUSED, JobStatus.QUEUED, Optional.empty(), clock.instant()).orElse(job);
            }
        }
        CreditService.Charge charge;
        try {
            charge = credits.charge(account, jobId, price, attribution.apiKeyId(), attribution.endUser());
        } catch (InsufficientCreditsException | TooManyOpenJobsException | BudgetExceededException refused) {
            jobs.transition(jobId, JobStatus.QUEUED, JobStatus.REFUSED, Optional.of(reasonOf(refused)), clock.instant());
            throw refused;
        }
        if (charge.alreadyPaid()) {
            return new Admission(job, false);
        }
        dispatch(job);
        return new Admission(job, true);
    }

    /** A job without a callback of its own. */
    public Admission admit(Account account, String jobId, JobKind kind, int images, String requestHash, JobSpec spec,
                           JobAttribution attribution) {
        return admit(account, jobId, kind, images, requestHash, spec, attribution, Optional.empty());
    }

    /** Hands a paid job to the workers; refunds and fails it when the queue is down. */
    void dispatch(JobRecord job) {
        try {
            dispatch.dispatch(job.jobId());
        } catch (JobDispatch.DispatchUnavailableException e) {
            credits.refund(job.accountId(), job.jobId(), job.attribution());
            jobs.transition(job.jobId(), JobStatus.QUEUED, JobStatus.FAILED, Optional.of("queue_unavailable"), clock.instant());
            throw new QueueUnavailableException(job.jobId(), e);
        }
    }

    private static String reasonOf(RuntimeException refused) {
        if (refused instanceof BudgetExceededException) {
            return "budget_exceeded";
        }
        return refused instanceof InsufficientCreditsException ? "insufficient_quota" : "too_many_open_jobs";
    }
}
