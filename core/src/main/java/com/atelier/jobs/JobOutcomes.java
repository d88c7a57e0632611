package com.atelier.jobs;

import com.atelier.accounts.CreditService;
import com.atelier.metrics.EmbeddedMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * How a job's end reaches its credits. A job that made its images settles its debit; one the safety
 * checker emptied, one whose message died in the dead-letter queue, is refunded. Each status move
 * happens once (a conditional write), and the credit call after it is idempotent and repeated on every
 * later delivery, so a crash between the two loses nothing and nothing is paid back twice.
 */
public final class JobOutcomes {

    public static final String PROCESSING_FAILED = "processing_failed";
    public static final String ALL_IMAGES_FLAGGED = "all_images_flagged";

    private final JobStore jobs;
    private final CreditService credits;
    private final Clock clock;

    public JobOutcomes(JobStore jobs, CreditService credits, Clock clock) {
        this.jobs = jobs;
        this.credits = credits;
        this.clock = clock;
    }

    /** The worker stored the images of its attempt. @return false when the attempt was no longer the job's */
    public boolean succeeded(JobRecord job, List<String> imageKeys, int flaggedImages, JobCost cost) {
        boolean completed = jobs.complete(job.jobId(), job.attempt(), imageKeys, flaggedImages, cost, clock.instant());
        settleIfFinished(job.jobId());
        return completed;
    }

    /** The safety checker flagged every image: rejected and refunded. */
    public boolean allImagesFlagged(JobRecord job, int flaggedImages, JobCost cost) {
        boolean rejected = jobs.reject(job.jobId(), job.attempt(), ALL_IMAGES_FLAGGED, flaggedImages, cost, clock.instant());
        settleIfFinished(job.jobId());
        return rejected;
    }

    /**
     * A message the workers gave up on: the job fails unless it finished meanwhile, and a failed job
     * is refunded. Safe to repeat for the same job.
     */
    public Optional<JobRecord> deadLettered(String jobId) {
        jobs.failUnfinished(jobId, PROCESSING_FAILED, clock.instant());
        settleIfFinished(jobId);
        return jobs.find(jobId);
    }

    /** What a cancellation found. */
    public enum Cancellation { CANCELLED, ALREADY_RUNNING, ALREADY_FINISHED }

    /** The caller takes back a job no worker has started: it is cancelled and refunded. */
    public Cancellation cancel(JobRecord job) {
        for (JobStatus from : new JobStatus[] {JobStatus.QUEUED, JobStatus.PENDING}) {
            if (job.status() == from
                    && jobs.transition(job.jobId(), from, JobStatus.CANCELLED, Optional.of("cancelled"), clock.instant())) {
                settleIfFinished(job.jobId());
                return Cancellation.CANCELLED;
            }
        }
        JobRecord now = jobs.find(job.jobId()).orElseThrow();
        if (now.status() == JobStatus.QUEUED || now.status() == JobStatus.PENDING) {
            return cancel(now);
        }
        return now.isFinished() ? Cancellation.ALREADY_FINISHED : Cancellation.ALREADY_RUNNING;
    }

    /**
     * Puts a finished job's credits where its status says: kept for a success, given back otherwise.
     * Called again for a delivery of a job already finished, to finish what a crash interrupted.
     */
    public void settleIfFinished(String jobId) {
        Optional<JobRecord> job = jobs.find(jobId);
        if (job.isEmpty() || !job.get().isFinished()) {
            return;
        }
        if (job.get().status() == JobStatus.SUCCEEDED) {
            credits.settle(job.get().accountId(), jobId);
        } else if (credits.refund(job.get().accountId(), jobId)) {
            EmbeddedMetrics.of("JobStatus", job.get().status().name())
                    .put("CreditsRefunded", job.get().credits(), EmbeddedMetrics.Unit.COUNT)
                    .property("jobId", jobId)
                    .property("accountId", job.get().accountId())
                    .emit();
        }
    }
}
