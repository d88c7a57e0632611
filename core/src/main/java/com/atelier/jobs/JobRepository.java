package com.atelier.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs are kept. A job is recorded once under its id, and every change of its status is one
 * conditional write that holds only from the status (and, for a worker, the attempt) it moves from,
 * and answers the job as written: nobody reads after their own write. An empty answer means the
 * condition failed: someone else moved the job first, or it does not exist.
 */
public interface JobRepository {

    /** Records a new job; when the id is taken (a replayed request) the job already there is answered, unchanged. */
    Recorded record(JobRecord job);

    /** @param created false when the id was taken and {@code job} is the one already there */
    record Recorded(JobRecord job, boolean created) {
    }

    Optional<JobRecord> find(String jobId);

    /** @throws IllegalArgumentException when a job never moves from {@code from} to {@code to} */
    Optional<JobRecord> transition(String jobId, JobStatus from, JobStatus to, Optional<String> reason, Instant now);

    /**
     * A worker takes the job: queued, or running under an earlier attempt whose worker stopped (its
     * message came back, so nobody is extending it). The answer carries the new attempt number; empty
     * when the job is finished or unknown.
     */
    Optional<JobRecord> claim(String jobId, Instant now);

    /**
     * Steps done of all steps; false when the attempt is no longer the job's. Progress changes no
     * indexed attribute, so the updates a running job makes every half second cost one write each.
     */
    boolean recordProgress(String jobId, int attempt, int completedSteps, int totalSteps);

    /** The attempt stored its images: the job succeeds with their keys and its cost. */
    Optional<JobRecord> complete(String jobId, int attempt, List<String> imageKeys, int flaggedImages, JobCost cost,
                                 Instant now);

    /** The safety checker flagged every image of the attempt: the job is rejected. */
    Optional<JobRecord> reject(String jobId, int attempt, String reason, int flaggedImages, JobCost cost, Instant now);

    /** The job fails from whatever unfinished status it is in, whatever the attempt: a dead letter's end. */
    Optional<JobRecord> failUnfinished(String jobId, String reason, Instant now);

    /**
     * Marks a queued job as sent to the workers again by the reconciler: true once per job, so a job
     * whose first message may have been lost costs at most one more.
     */
    boolean markRedispatched(String jobId, Instant now);

    /**
     * One page of an account's jobs, newest first.
     *
     * @throws com.atelier.paging.PageCursor.InvalidCursorException when the cursor is not one this gave the account
     */
    JobPage page(String accountId, int limit, Optional<String> cursor);

    record JobPage(List<JobRecord> jobs, Optional<String> nextCursor) {
    }

    /** Every job that entered a final status in [from, to). */
    List<JobRecord> finishedBetween(Instant from, Instant to);

    /** Jobs in a status since before a moment, oldest first, at most {@code limit}. */
    List<JobRecord> inStatusSince(JobStatus status, Instant before, int limit);
}
