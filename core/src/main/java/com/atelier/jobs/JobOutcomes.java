package com.atelier.jobs;

import com.atelier.accounts.CreditService;
import com.atelier.metrics.EmbeddedMetrics;
import java.time.Clock;
import java.util.Optional;

/**
 * How a job's end reaches its credits, away from the GPU worker (which only writes its job): fed with
 * each change of a job, a job that made its images settles its debit, and one that ended without
 * images (failed, rejected, cancelled) is refunded. The credit calls are idempotent, so the change
 * feed's repeated deliveries, and a cancellation that refunds at once, never pay back twice.
 */
public final class JobOutcomes {

    public static final String PROCESSING_FAILED = "processing_failed";
    public static final String ALL_IMAGES_FLAGGED = "all_images_flagged";

    /** Where a job whose images the safety checker flagged goes: the review queue, with the account and job. */
    public interface FlaggedOutputs {
        void record(String accountId, String jobId, int flaggedImages);
    }

    private final JobRepository jobs;
    private final CreditService credits;
    private final FlaggedOutputs flaggedOutputs;
    private final Clock clock;

    public JobOutcomes(JobRepository jobs, CreditService credits, FlaggedOutputs flaggedOutputs, Clock clock) {
        this.jobs = jobs;
        this.credits = credits;
        this.flaggedOutputs = flaggedOutputs;
        this.clock = clock;
    }

    /** A job as it stands after a change (the change feed's new image): settles it if it finished. */
    public void changed(JobRecord job) {
        if (!job.isFinished()) {
            return;
        }
        if (job.flaggedImages() > 0) {
            flaggedOutputs.record(job.accountId(), job.jobId(), job.flaggedImages());
        }
        if (job.status() == JobStatus.SUCCEEDED) {
            credits.settle(job.accountId(), job.jobId(), job.attribution());
        } else if (credits.refund(job.accountId(), job.jobId(), job.attribution())) {
            EmbeddedMetrics.of("JobStatus", job.status().name())
                    .put("CreditsRefunded", job.credits(), EmbeddedMetrics.Unit.COUNT)
                    .property("jobId", job.jobId())
                    .property("accountId", job.accountId())
                    .emit();
        }
    }

    /**
     * A message the workers gave up on: the job fails unless it finished meanwhile, and is refunded at
     * once. @return the job as it stands
     */
    public Optional<JobRecord> deadLettered(String jobId) {
        Optional<JobRecord> failed = jobs.failUnfinished(jobId, PROCESSING_FAILED, clock.instant());
        failed.ifPresent(this::changed);
        return failed.isPresent() ? failed : jobs.find(jobId);
    }

    /** What a cancellation found. */
    public enum Cancellation { CANCELLED, ALREADY_RUNNING, ALREADY_FINISHED }

    /** The caller takes back a job no worker has started: it is cancelled and refunded at once. */
    public Cancellation cancel(JobRecord job) {
        JobStatus waiting = job.status() == JobStatus.REFUSED ? JobStatus.REFUSED : JobStatus.QUEUED;
        Optional<JobRecord> cancelled = jobs.transition(job.jobId(), waiting, JobStatus.CANCELLED,
                Optional.of("cancelled"), clock.instant());
        if (cancelled.isPresent()) {
            changed(cancelled.get());
            return Cancellation.CANCELLED;
        }
        JobRecord now = jobs.find(job.jobId()).orElseThrow();
        return now.isFinished() ? Cancellation.ALREADY_FINISHED : Cancellation.ALREADY_RUNNING;
    }
}
