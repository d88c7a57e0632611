package com.atelier.usage;

import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobStatus;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What finished jobs cost, grouped by account or by day (UTC, of the moment they finished): jobs,
 * images made and flagged, credits kept (succeeded jobs) and given back (failed, rejected and
 * cancelled ones that had been paid for), and device time, GPU time apart.
 */
public final class UsageReport {

    /** The reason a job is cancelled before it was ever paid for (JobAdmission); it costs nothing. */
    static final String NEVER_CHARGED = "insufficient_quota";

    public enum Grouping { ACCOUNT, DAY }

    public record Row(String key, int jobs, int imagesMade, int imagesFlagged, int creditsSpent, int creditsRefunded,
                      long deviceMillis, long gpuMillis) {

        static Row empty(String key) {
            return new Row(key, 0, 0, 0, 0, 0, 0, 0);
        }

        Row plus(JobRecord job) {
            boolean succeeded = job.status() == JobStatus.SUCCEEDED;
            boolean charged = !job.statusReason().map(NEVER_CHARGED::equals).orElse(false);
            long device = job.cost().map(cost -> cost.deviceMillis()).orElse(0L);
            boolean onGpu = job.cost().map(cost -> "CUDA".equals(cost.device())).orElse(false);
            return new Row(key, jobs + 1, imagesMade + (succeeded ? job.imageKeys().size() : 0),
                    imagesFlagged + job.flaggedImages(),
                    creditsSpent + (succeeded ? job.credits() : 0),
                    creditsRefunded + (!succeeded && charged ? job.credits() : 0),
                    deviceMillis + device, gpuMillis + (onGpu ? device : 0));
        }

        Row plus(Row other) {
            return new Row(key, jobs + other.jobs, imagesMade + other.imagesMade, imagesFlagged + other.imagesFlagged,
                    creditsSpent + other.creditsSpent, creditsRefunded + other.creditsRefunded,
                    deviceMillis + other.deviceMillis, gpuMillis + other.gpuMillis);
        }
    }

    public record Report(List<Row> rows, Row total) {
    }

    private UsageReport() {
    }

    /** Rows in key order (account id, or day); only finished jobs count. */
    public static Report of(Collection<JobRecord> jobs, Grouping grouping) {
        Map<String, Row> rows = new TreeMap<>();
        for (JobRecord job : jobs) {
            if (!job.isFinished()) {
                continue;
            }
            String key = switch (grouping) {
                case ACCOUNT -> job.accountId();
                case DAY -> job.updatedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString();
            };
            rows.merge(key, Row.empty(key).plus(job), Row::plus);
        }
        Row total = rows.values().stream().reduce(Row.empty("total"), (sum, row) -> sum.plus(row));
        return new Report(List.copyOf(rows.values()), new Row("total", total.jobs(), total.imagesMade(),
                total.imagesFlagged(), total.creditsSpent(), total.creditsRefunded(), total.deviceMillis(),
                total.gpuMillis()));
    }
}
