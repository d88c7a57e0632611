package com.atelier.jobs;

import com.atelier.jobs.JobAttribution;
import com.atelier.testkit.InMemoryServices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What a crash left of an admission is finished from the account alone, once. */
class StalledJobReconcilerTest {

    private final InMemoryServices atelier = new InMemoryServices(Instant.parse("2030-03-10T09:30:00Z"));
    private final String accountId = "acct-1";
    private final String jobId = JobIds.forIdempotencyKey(accountId, "key-1");

    /** The job record an admission wrote before it crashed. */
    private JobRecord recordedOnly() {
        atelier.openAccount(accountId);
        return atelier.jobs.record(JobRecord.queued(jobId, accountId, JobKind.GENERATION, 10, 3, "hash-1",
                JobSpec.generation("a red cube", 256, 7), JobAttribution.accountOnly(JobAttribution.DALL_E_2),
                atelier.clock.instant())).job();
    }

    @Test
    void aQueuedJobWithoutADebitOlderThanTheGraceIsCancelled() {
        recordedOnly();
        atelier.clock.advance(StalledJobReconciler.GRACE.plusSeconds(1));

        assertThat(atelier.reconciler.run()).isEqualTo(new StalledJobReconciler.Pass(0, 1));

        JobRecord job = atelier.jobs.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.statusReason()).contains("interrupted_before_payment");
        assertThat(atelier.dispatch.dispatched()).isEmpty();
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(50);
    }

    @Test
    void aPaidJobThatWasNeverSentIsDispatchedAgainExactlyOnce() {
        recordedOnly();
        atelier.credits.charge(atelier.account(accountId), jobId, 3);
        atelier.clock.advance(StalledJobReconciler.REDISPATCH_AFTER.plusSeconds(1));

        StalledJobReconciler.Pass first = atelier.reconciler.run();
        atelier.clock.advance(Duration.ofMinutes(10));
        StalledJobReconciler.Pass second = atelier.reconciler.run();

        assertThat(first).isEqualTo(new StalledJobReconciler.Pass(1, 0));
        assertThat(second).isEqualTo(new StalledJobReconciler.Pass(0, 0));
        assertThat(atelier.dispatch.dispatched()).containsExactly(jobId);
        assertThat(atelier.jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(47);
    }

    @Test
    void aPaidJobStillWaitingForAWorkerIsNotSentTwice() {
        recordedOnly();
        atelier.credits.charge(atelier.account(accountId), jobId, 3);
        atelier.clock.advance(StalledJobReconciler.REDISPATCH_AFTER.minusSeconds(1));

        assertThat(atelier.reconciler.run()).isEqualTo(new StalledJobReconciler.Pass(0, 0));

        assertThat(atelier.dispatch.dispatched()).isEmpty();
        assertThat(atelier.jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void aFreshQueuedJobIsLeftAlone() {
        recordedOnly();
        atelier.clock.advance(StalledJobReconciler.GRACE.minusSeconds(1));

        assertThat(atelier.reconciler.run()).isEqualTo(new StalledJobReconciler.Pass(0, 0));

        assertThat(atelier.jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(atelier.dispatch.dispatched()).isEmpty();
    }

    @Test
    void aPaidJobWhoseRedispatchFindsTheQueueDownIsRefundedAndFailed() {
        recordedOnly();
        atelier.credits.charge(atelier.account(accountId), jobId, 3);
        atelier.clock.advance(StalledJobReconciler.REDISPATCH_AFTER.plusSeconds(1));
        atelier.dispatch.unavailable(true);

        assertThat(atelier.reconciler.run()).isEqualTo(new StalledJobReconciler.Pass(0, 1));

        assertThat(atelier.jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(50);
    }
}
