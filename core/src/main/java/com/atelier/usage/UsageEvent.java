package com.atelier.usage;

import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobStatus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished job as the usage counters take it, from the change feed. Its id is the job's: a job
 * finishes once (its status moves only forward), so a replayed change carries the same id and counts
 * once.
 */
public record UsageEvent(String eventId, Instant finishedAt, UsageCell cell, UsageFigures figures) {

    /** The reason of a job refused before it was ever paid for (JobAdmission): it costs and counts nothing. */
    static final String NEVER_CHARGED = "insufficient_quota";

    public UsageEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(figures, "figures");
    }

    /** The usage of a job that has just finished; none for an unfinished job or one never paid for. */
    public static Optional<UsageEvent> ofFinished(JobRecord job) {
        if (!job.isFinished() || job.statusReason().map(NEVER_CHARGED::equals).orElse(false)) {
            return Optional.empty();
        }
        boolean succeeded = job.status() == JobStatus.SUCCEEDED;
        long deviceMillis = job.cost().map(cost -> cost.deviceMillis()).orElse(0L);
        boolean onGpu = job.cost().map(cost -> "CUDA".equals(cost.device())).orElse(false);
        UsageFigures figures = new UsageFigures(succeeded ? job.imageKeys().size() : 0, 1,
                succeeded ? job.credits() : 0, succeeded ? 0 : job.credits(), deviceMillis, onGpu ? deviceMillis : 0,
                job.flaggedImages());
        UsageCell cell = new UsageCell(job.accountId(), UsageCell.sourceOf(job.kind()),
                UsageCell.sizeOf(job.spec().sizePixels()), job.attribution().model(), job.attribution().apiKeyId(),
                job.attribution().endUser());
        return Optional.of(new UsageEvent("job.finished#" + job.jobId(), job.updatedAt(), cell, figures));
    }
}
