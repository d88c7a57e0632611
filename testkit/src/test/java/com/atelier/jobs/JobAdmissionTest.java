package com.atelier.jobs;

import com.atelier.jobs.JobAttribution;
import com.atelier.accounts.Account;
import com.atelier.accounts.CreditService;
import com.atelier.accounts.LedgerAudit;
import com.atelier.billing.PackPurchase;
import com.atelier.credits.InsufficientCreditsException;
import com.atelier.credits.LedgerEntryType;
import com.atelier.credits.TooManyOpenJobsException;
import com.atelier.testkit.InMemoryServices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Admission on the in-memory adapters: a job is recorded, paid once and handed to the workers, or undone. */
class JobAdmissionTest {

    private final InMemoryServices atelier = new InMemoryServices(Instant.parse("2030-03-10T09:30:00Z"));
    private final String accountId = "acct-1";
    private final String jobId = JobIds.forIdempotencyKey(accountId, "key-1");
    private final JobSpec spec = JobSpec.generation("a red cube", 256, 7);

    private JobAdmission.Admission admit(Account account, int images, String requestHash) {
        return atelier.admission.admit(account, jobId, JobKind.GENERATION, images, requestHash, spec, JobAttribution.accountOnly(JobAttribution.DALL_E_2));
    }

    private void assertAuditConsistent() {
        LedgerAudit.Result result = atelier.audit.check(accountId);
        assertThat(result.consistent()).as("%s", result).isTrue();
    }

    @Test
    void aJobIsRecordedQueuedChargedOnceAndDispatched() {
        Account account = atelier.openAccount(accountId);

        JobAdmission.Admission admission = admit(account, 10, "hash-1");

        assertThat(admission.chargedNow()).isTrue();
        assertThat(admission.job().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(admission.job().credits()).isEqualTo(3);
        assertThat(atelier.jobs.find(jobId)).contains(admission.job());
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(47);
        assertThat(atelier.dispatch.dispatched()).containsExactly(jobId);
        assertAuditConsistent();
    }

    @Test
    void aReplayWithTheSameKeyChargesNothingAndAnswersTheSameJob() {
        JobRecord first = admit(atelier.openAccount(accountId), 10, "hash-1").job();
        atelier.clock.advance(Duration.ofSeconds(3));

        JobAdmission.Admission replay = admit(atelier.account(accountId), 10, "hash-1");

        assertThat(replay.chargedNow()).isFalse();
        assertThat(replay.job()).isEqualTo(first);
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(47);
        assertThat(atelier.dispatch.dispatched()).containsExactly(jobId);
    }

    @Test
    void aReplayWithTheAccountAsReadBeforeTheFirstChargeStillChargesNothing() {
        Account readBefore = atelier.openAccount(accountId);
        admit(readBefore, 10, "hash-1");

        JobAdmission.Admission replay = admit(readBefore, 10, "hash-1");

        assertThat(replay.chargedNow()).isFalse();
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(47);
        assertThat(atelier.dispatch.timesDispatched(jobId)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherRequestIsAConflict() {
        admit(atelier.openAccount(accountId), 10, "hash-1");

        assertThatThrownBy(() -> admit(atelier.account(accountId), 10, "hash-2"))
                .isInstanceOf(JobAdmission.ConflictingRequestException.class);
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(47);
        assertThat(atelier.dispatch.dispatched()).containsExactly(jobId);
    }

    @Test
    void insufficientCreditsChargeNothingAndLeaveTheJobRefusedNotFinished() {
        Account account = atelier.openAccount(accountId);
        atelier.credits.charge(account, "job-other", 49);

        assertThatThrownBy(() -> admit(atelier.account(accountId), 10, "hash-1"))
                .isInstanceOf(InsufficientCreditsException.class);

        JobRecord job = atelier.jobs.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.REFUSED);
        assertThat(job.isFinished()).isFalse();
        assertThat(job.statusReason()).contains("insufficient_quota");
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(1);
        assertThat(atelier.account(accountId).openDebits()).containsOnlyKeys("job-other");
        assertThat(atelier.dispatch.dispatched()).isEmpty();
        assertAuditConsistent();
    }

    @Test
    void aRetryWithTheKeyOfARefusedRequestPaysOnceTheCreditsAreThere() {
        Account account = atelier.openAccount(accountId);
        atelier.credits.charge(account, "job-other", 49);
        assertThatThrownBy(() -> admit(atelier.account(accountId), 10, "hash-1"))
                .isInstanceOf(InsufficientCreditsException.class);
        assertThatThrownBy(() -> admit(atelier.account(accountId), 10, "hash-1"))
                .isInstanceOf(InsufficientCreditsException.class);
        atelier.credits.purchase(new PackPurchase("pi-1", accountId, 1));

        JobAdmission.Admission retry = admit(atelier.account(accountId), 10, "hash-1");
        JobAdmission.Admission replay = admit(atelier.account(accountId), 10, "hash-1");

        assertThat(retry.chargedNow()).isTrue();
        assertThat(replay.chargedNow()).isFalse();
        assertThat(atelier.jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(1 + 115 - 3);
        assertThat(atelier.dispatch.dispatched()).containsExactly(jobId);
        assertAuditConsistent();
    }

    @Test
    void aRefusedJobIsNeitherReconciledNorRefundedAndCanBeCancelled() {
        Account account = atelier.openAccount(accountId);
        atelier.credits.charge(account, "job-other", 49);
        assertThatThrownBy(() -> admit(atelier.account(accountId), 10, "hash-1"))
                .isInstanceOf(InsufficientCreditsException.class);
        atelier.clock.advance(Duration.ofHours(1));

        atelier.reconciler.run();
        atelier.outcomes.changed(atelier.jobs.find(jobId).orElseThrow());

        assertThat(atelier.jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.REFUSED);
        assertThat(atelier.outcomes.cancel(atelier.jobs.find(jobId).orElseThrow()))
                .isEqualTo(JobOutcomes.Cancellation.CANCELLED);
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(1);
        assertAuditConsistent();
    }

    @Test
    void whenTheQueueIsDownTheJobIsRefundedAndFailed() {
        Account account = atelier.openAccount(accountId);
        atelier.dispatch.unavailable(true);

        assertThatThrownBy(() -> admit(account, 10, "hash-1")).isInstanceOf(JobAdmission.QueueUnavailableException.class);

        JobRecord job = atelier.jobs.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.statusReason()).contains("queue_unavailable");
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(50);
        assertThat(atelier.account(accountId).openDebits()).isEmpty();
        assertThat(atelier.ledger.contains(accountId, "refund#" + jobId)).isTrue();
        assertAuditConsistent();
    }

    @Test
    void tooManyOpenJobsIsRefusedBeforeAnythingIsWritten() {
        atelier.openAccount(accountId);
        atelier.credits.grant(accountId, "bulk", CreditService.MAX_OPEN_JOBS, atelier.clock.instant().plus(Duration.ofDays(30)));
        for (int i = 0; i < CreditService.MAX_OPEN_JOBS; i++) {
            atelier.credits.charge(atelier.account(accountId), "job-open-" + i, 1);
        }
        int balance = atelier.credits.balance(accountId).total();

        assertThatThrownBy(() -> admit(atelier.account(accountId), 1, "hash-1"))
                .isInstanceOf(TooManyOpenJobsException.class);

        assertThat(atelier.jobs.find(jobId)).isEmpty();
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(balance);
        assertThat(atelier.dispatch.dispatched()).isEmpty();
        assertThat(atelier.ledger.all(accountId)).noneMatch(entry -> entry.type() == LedgerEntryType.DEBIT);
    }
}
