package com.atelier.local.credits;

import com.atelier.jobs.JobAttribution;
import com.atelier.accounts.Account;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.CreditService;
import com.atelier.accounts.LedgerAudit;
import com.atelier.accounts.Ledger;
import com.atelier.aws.credits.DynamoDbCreditAccounts;
import com.atelier.aws.credits.DynamoDbLedger;
import com.atelier.aws.jobs.DynamoDbJobRepository;
import com.atelier.aws.jobs.SqsJobDispatch;
import com.atelier.accounts.Role;
import com.atelier.credits.InsufficientCreditsException;
import com.atelier.jobs.JobAdmission;
import com.atelier.jobs.JobIds;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobStatus;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobRepository;
import com.atelier.jobs.StalledJobReconciler;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.local.testing.MovableClock;
import com.atelier.local.testing.Race;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Recording, paying for and queueing a job, and repairing what a crash leaves stalled. */
@ExtendWith(LocalStackExtension.class)
class JobAdmissionIT {

    private static final JobSpec SPEC = JobSpec.generation("a red circle", 256, 7);

    private MovableClock clock;
    private CreditService credits;
    private CreditAccounts accounts;
    private JobRepository jobs;
    private JobAdmission admission;
    private StalledJobReconciler reconciler;
    private Ledger ledger;
    private LedgerAudit audit;

    @BeforeEach
    void services(LocalStack stack) {
        clock = new MovableClock(Instant.now());
        accounts = new DynamoDbCreditAccounts(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                stack.resources().accounts().name());
        ledger = new DynamoDbLedger(stack.clients().dynamoDbEnhanced(), stack.resources().ledger().name());
        credits = new CreditService(accounts, ledger, clock);
        jobs = new DynamoDbJobRepository(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                stack.resources().jobs().name());
        admission = new JobAdmission(jobs, credits,
                new SqsJobDispatch(stack.clients().sqs(), stack.resources().jobsQueue().name()), clock);
        reconciler = new StalledJobReconciler(jobs, credits, admission, clock);
        audit = new LedgerAudit(accounts, ledger);
    }

    @Test
    void anAdmittedJobIsPaidOnceAndQueued() {
        String account = newAccount();

        JobAdmission.Admission admitted = admission.admit(read(account), "job-" + UUID.randomUUID(), JobKind.GENERATION, 10, "hash-1", SPEC, JobAttribution.accountOnly(JobAttribution.DALL_E_2));

        assertThat(admitted.chargedNow()).isTrue();
        assertThat(admitted.job().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(admitted.job().credits()).isEqualTo(3);
        assertThat(credits.balance(account).total()).isEqualTo(47);
    }

    @Test
    void fiftyParallelRequestsWithOneIdempotencyKeyMakeOneDebit() throws Exception {
        String account = newAccount();
        String jobId = JobIds.forIdempotencyKey(account, "key-42");

        List<JobAdmission.Admission> admissions = Race.run(50, i -> () -> admission.admit(read(account), jobId, JobKind.EDIT, 3, "same-body", SPEC, JobAttribution.accountOnly(JobAttribution.DALL_E_2)));

        assertThat(admissions).filteredOn(JobAdmission.Admission::chargedNow).hasSize(1);
        assertThat(credits.balance(account).total()).isEqualTo(49);
        assertThat(accounts.find(account).orElseThrow().openDebits()).containsOnlyKeys(jobId);
        assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void theSameIdWithAnotherRequestIsAConflictAndChargesNothing() {
        String account = newAccount();
        admission.admit(read(account), "job-conflict-" + account, JobKind.GENERATION, 1, "first-body", SPEC, JobAttribution.accountOnly(JobAttribution.DALL_E_2));

        assertThatThrownBy(() -> admission.admit(read(account), "job-conflict-" + account, JobKind.GENERATION, 1, "other-body", SPEC, JobAttribution.accountOnly(JobAttribution.DALL_E_2)))
                .isInstanceOf(JobAdmission.ConflictingRequestException.class);
        assertThat(credits.balance(account).total()).isEqualTo(49);
    }

    @Test
    void aJobTheAccountCannotPayForIsRefusedChargesNothingAndARetryWithItsIdPaysOnceCreditsArrive() {
        String account = newAccount();
        credits.charge(read(account), "drain", 50);

        assertThatThrownBy(() -> admission.admit(read(account), "job-poor-" + account, JobKind.GENERATION, 1, "h", SPEC, JobAttribution.accountOnly(JobAttribution.DALL_E_2)))
                .isInstanceOf(InsufficientCreditsException.class);
        assertThat(jobs.find("job-poor-" + account).orElseThrow().status()).isEqualTo(JobStatus.REFUSED);
        credits.refund(account, "drain", JobAttribution.accountOnly(JobAttribution.DALL_E_2));

        JobAdmission.Admission retry = admission.admit(read(account), "job-poor-" + account, JobKind.GENERATION, 1, "h", SPEC, JobAttribution.accountOnly(JobAttribution.DALL_E_2));

        assertThat(retry.chargedNow()).isTrue();
        assertThat(jobs.find("job-poor-" + account).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(credits.balance(account).total()).isEqualTo(49);
    }

    @Test
    void theReconcilerSendsAPaidStalledJobAgainOnceAndCancelsAnUnpaidOne() {
        String account = newAccount();
        String paid = "job-paid-" + UUID.randomUUID();
        String unpaid = "job-unpaid-" + UUID.randomUUID();
        // A crash after the debit, and a crash before it, both before the queue message.
        jobs.record(JobRecord.queued(paid, account, JobKind.GENERATION, 4, 1, "h1", SPEC, JobAttribution.accountOnly(JobAttribution.DALL_E_2), clock.instant()));
        credits.charge(read(account), paid, 1);
        jobs.record(JobRecord.queued(unpaid, account, JobKind.GENERATION, 4, 1, "h2", SPEC, JobAttribution.accountOnly(JobAttribution.DALL_E_2), clock.instant()));
        clock.set(clock.instant().plus(StalledJobReconciler.REDISPATCH_AFTER).plusSeconds(1));

        StalledJobReconciler.Pass pass = reconciler.run();

        assertThat(pass.redispatched()).isGreaterThanOrEqualTo(1);
        assertThat(jobs.markRedispatched(paid, clock.instant())).isFalse();
        assertThat(jobs.find(paid).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(jobs.find(unpaid).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(credits.balance(account).total()).isEqualTo(49);
        assertThat(audit.check(account).consistent()).isTrue();
    }

    private Account read(String accountId) {
        return accounts.find(accountId).orElseThrow();
    }

    private String newAccount() {
        String id = "acct-" + UUID.randomUUID();
        credits.openAccount(id, Set.of(Role.USER), Optional.empty());
        return id;
    }
}
