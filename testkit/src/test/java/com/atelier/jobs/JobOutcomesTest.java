package com.atelier.jobs;

import com.atelier.jobs.JobAttribution;
import com.atelier.accounts.LedgerAudit;
import com.atelier.credits.LedgerEntryType;
import com.atelier.testkit.InMemoryServices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A job's end reaches its credits once, however often the change feed delivers it. */
class JobOutcomesTest {

    private static final JobCost COST = new JobCost("tiny-sd", 20, "CPU", 1_000, 1_500);

    private final InMemoryServices atelier = new InMemoryServices(Instant.parse("2030-03-10T09:30:00Z"));
    private final String accountId = "acct-1";
    private final String jobId = JobIds.forIdempotencyKey(accountId, "key-1");

    /** A paid, queued job of 3 credits. */
    private JobRecord admitted() {
        return atelier.admission.admit(atelier.openAccount(accountId), jobId, JobKind.GENERATION, 10, "hash-1",
                JobSpec.generation("a red cube", 256, 7), JobAttribution.accountOnly(JobAttribution.DALL_E_2)).job();
    }

    private JobRecord running() {
        admitted();
        atelier.clock.advance(Duration.ofSeconds(1));
        return atelier.jobs.claim(jobId, atelier.clock.instant()).orElseThrow();
    }

    private int balance() {
        return atelier.credits.balance(accountId).total();
    }

    private long entries(LedgerEntryType type) {
        return atelier.ledger.all(accountId).stream().filter(entry -> entry.type() == type).count();
    }

    private void assertAuditConsistent() {
        LedgerAudit.Result result = atelier.audit.check(accountId);
        assertThat(result.consistent()).as("%s", result).isTrue();
    }

    @Test
    void aSucceededJobSettlesItsDebitOnceHoweverOftenDelivered() {
        JobRecord job = running();
        JobRecord done = atelier.jobs.complete(jobId, job.attempt(), List.of("results/x/0.png"), 0, COST,
                atelier.clock.instant()).orElseThrow();

        atelier.outcomes.changed(done);
        atelier.outcomes.changed(done);
        atelier.outcomes.changed(done);

        assertThat(balance()).isEqualTo(47);
        assertThat(entries(LedgerEntryType.DEBIT)).isEqualTo(1);
        assertThat(entries(LedgerEntryType.REFUND)).isZero();
        assertThat(atelier.account(accountId).openDebits()).isEmpty();
        assertThat(atelier.flagged).isEmpty();
        assertAuditConsistent();
    }

    @Test
    void anUnfinishedJobChangesNoCredits() {
        JobRecord job = running();

        atelier.outcomes.changed(job);

        assertThat(balance()).isEqualTo(47);
        assertThat(atelier.account(accountId).openDebits()).containsOnlyKeys(jobId);
    }

    @Test
    void aFailedJobIsRefundedOnceHoweverOftenDelivered() {
        running();
        JobRecord failed = atelier.jobs.failUnfinished(jobId, "processing_failed", atelier.clock.instant()).orElseThrow();

        assertRefundedOnce(failed);
    }

    @Test
    void aRejectedJobIsRefundedOnceAndItsFlaggedImagesGoToReview() {
        JobRecord job = running();
        JobRecord rejected = atelier.jobs.reject(jobId, job.attempt(), JobOutcomes.ALL_IMAGES_FLAGGED, 4, COST,
                atelier.clock.instant()).orElseThrow();

        assertRefundedOnce(rejected);
        assertThat(atelier.flagged).contains(new InMemoryServices.Flagged(accountId, jobId, 4));
    }

    @Test
    void aCancelledJobIsRefundedOnceHoweverOftenDelivered() {
        admitted();
        JobRecord cancelled = atelier.jobs.transition(jobId, JobStatus.QUEUED, JobStatus.CANCELLED, Optional.of("x"),
                atelier.clock.instant()).orElseThrow();

        assertRefundedOnce(cancelled);
    }

    @Test
    void aSucceededJobWithSomeFlaggedImagesIsSettledAndReviewed() {
        JobRecord job = running();
        JobRecord done = atelier.jobs.complete(jobId, job.attempt(), List.of("results/x/0.png"), 1, COST,
                atelier.clock.instant()).orElseThrow();

        atelier.outcomes.changed(done);

        assertThat(atelier.flagged).containsExactly(new InMemoryServices.Flagged(accountId, jobId, 1));
        assertThat(balance()).isEqualTo(47);
        assertThat(entries(LedgerEntryType.DEBIT)).isEqualTo(1);
    }

    @Test
    void cancellingAQueuedJobRefundsAtOnce() {
        JobRecord job = admitted();

        assertThat(atelier.outcomes.cancel(job)).isEqualTo(JobOutcomes.Cancellation.CANCELLED);

        assertThat(atelier.jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(balance()).isEqualTo(50);
        assertThat(entries(LedgerEntryType.REFUND)).isEqualTo(1);
        atelier.outcomes.changed(atelier.jobs.find(jobId).orElseThrow());
        assertThat(balance()).isEqualTo(50);
        assertAuditConsistent();
    }

    @Test
    void aRunningOrFinishedJobIsNotCancelled() {
        JobRecord job = running();

        assertThat(atelier.outcomes.cancel(job)).isEqualTo(JobOutcomes.Cancellation.ALREADY_RUNNING);
        JobRecord done = atelier.jobs.complete(jobId, job.attempt(), List.of("k"), 0, COST, atelier.clock.instant())
                .orElseThrow();
        assertThat(atelier.outcomes.cancel(done)).isEqualTo(JobOutcomes.Cancellation.ALREADY_FINISHED);
        assertThat(balance()).isEqualTo(47);
    }

    @Test
    void aDeadLetteredJobFailsAndIsRefunded() {
        running();

        Optional<JobRecord> failed = atelier.outcomes.deadLettered(jobId);

        assertThat(failed).map(JobRecord::status).contains(JobStatus.FAILED);
        assertThat(failed).flatMap(JobRecord::statusReason).contains(JobOutcomes.PROCESSING_FAILED);
        assertThat(balance()).isEqualTo(50);
        atelier.outcomes.changed(failed.orElseThrow());
        assertThat(entries(LedgerEntryType.REFUND)).isEqualTo(1);
        assertAuditConsistent();
    }

    @Test
    void aDeadLetterForAFinishedJobChangesNothing() {
        JobRecord job = running();
        JobRecord done = atelier.jobs.complete(jobId, job.attempt(), List.of("k"), 0, COST, atelier.clock.instant())
                .orElseThrow();
        atelier.outcomes.changed(done);

        assertThat(atelier.outcomes.deadLettered(jobId)).contains(done);
        assertThat(balance()).isEqualTo(47);
        assertThat(entries(LedgerEntryType.REFUND)).isZero();
    }

    private void assertRefundedOnce(JobRecord finished) {
        atelier.outcomes.changed(finished);
        atelier.outcomes.changed(finished);
        atelier.outcomes.changed(finished);

        assertThat(balance()).isEqualTo(50);
        assertThat(entries(LedgerEntryType.DEBIT)).isEqualTo(1);
        assertThat(entries(LedgerEntryType.REFUND)).isEqualTo(1);
        assertThat(atelier.account(accountId).openDebits()).isEmpty();
        assertAuditConsistent();
    }
}
