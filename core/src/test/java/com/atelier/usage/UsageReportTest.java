package com.atelier.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.jobs.JobAttribution;
import com.atelier.jobs.JobCost;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobStatus;
import com.atelier.usage.UsageReport.Grouping;
import com.atelier.usage.UsageReport.Row;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UsageReportTest {

    private static JobRecord job(String accountId, JobStatus status, Optional<String> reason, int images, String finished,
                                 Optional<JobCost> cost) {
        List<String> keys = status == JobStatus.SUCCEEDED
                ? java.util.stream.IntStream.range(0, images).mapToObj(i -> "results/j/" + i + ".png").toList() : List.of();
        return new JobRecord("job_" + accountId + finished, accountId, JobKind.GENERATION, images, images, status, reason,
                "hash", Instant.parse(finished).minusSeconds(30), Instant.parse(finished), JobSpec.generation("a red circle", 256, 1),
                1, 20, 20, keys, status == JobStatus.REJECTED ? images : 0, cost, JobAttribution.accountOnly(JobAttribution.DALL_E_2),
                Optional.empty());
    }

    private static final List<JobRecord> JOBS = List.of(
            job("acct_a", JobStatus.SUCCEEDED, Optional.empty(), 4, "2026-11-01T10:00:00Z",
                    Optional.of(new JobCost("m", 20, "CUDA", 1200, 1500))),
            job("acct_a", JobStatus.REJECTED, Optional.of("all_images_flagged"), 2, "2026-11-02T10:00:00Z",
                    Optional.of(new JobCost("m", 20, "CUDA", 800, 900))),
            job("acct_b", JobStatus.SUCCEEDED, Optional.empty(), 1, "2026-11-02T23:59:59Z",
                    Optional.of(new JobCost("m", 20, "CPU", 300, 400))),
            job("acct_b", JobStatus.CANCELLED, Optional.of("insufficient_quota"), 3, "2026-11-02T11:00:00Z", Optional.empty()),
            job("acct_b", JobStatus.FAILED, Optional.of("processing_failed"), 3, "2026-11-03T00:00:00Z", Optional.empty()),
            job("acct_c", JobStatus.RUNNING, Optional.empty(), 2, "2026-11-03T01:00:00Z", Optional.empty()));

    @Test
    void byAccountSuccessesSpendFailuresOfPaidJobsRefundAndUnfinishedJobsDoNotCount() {
        UsageReport.Report report = UsageReport.of(JOBS, Grouping.ACCOUNT);

        assertThat(report.rows()).containsExactly(
                new Row("acct_a", 2, 4, 2, 4, 2, 2000, 2000),
                new Row("acct_b", 3, 1, 0, 1, 3, 300, 0));
        assertThat(report.total()).isEqualTo(new Row("total", 5, 5, 2, 5, 5, 2300, 2000));
    }

    @Test
    void byDayTheUtcDayAJobFinishedOn() {
        UsageReport.Report report = UsageReport.of(JOBS, Grouping.DAY);

        assertThat(report.rows()).extracting(Row::key).containsExactly("2026-11-01", "2026-11-02", "2026-11-03");
        assertThat(report.rows().get(1)).isEqualTo(new Row("2026-11-02", 3, 1, 2, 1, 2, 1100, 800));
    }
}
