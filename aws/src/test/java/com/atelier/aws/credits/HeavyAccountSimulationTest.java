package com.atelier.aws.credits;

import com.atelier.accounts.Account;
import com.atelier.accounts.CreditService;
import com.atelier.accounts.LedgerAudit;
import com.atelier.aws.capacity.ItemSize;
import com.atelier.billing.PackPurchase;
import com.atelier.credits.LedgerEntryType;
import com.atelier.credits.TooManyOpenJobsException;
import com.atelier.jobs.JobCost;
import com.atelier.jobs.JobIds;
import com.atelier.jobs.JobAttribution;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobStatus;
import com.atelier.testkit.InMemoryServices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One account at the volume of the heaviest integration in docs/capacity.md, through the real use
 * cases (admission, the worker's writes, outcomes) on the in-memory adapters with a moved clock: every
 * job is paid once, every refusal comes before any charge, and the account item, sized as
 * {@link DynamoDbCreditAccounts} stores it, stays within its budget throughout: at a day's steady
 * volume and at the open-jobs cap.
 */
class HeavyAccountSimulationTest {

    /** A write of the account is billed per started KB and every request reads it: this is the bound we hold it to. */
    private static final int ACCOUNT_ITEM_BUDGET_BYTES = 64 * 1024;
    private static final JobCost COST = new JobCost("tiny-sd", 20, "CUDA", 900, 1_100);
    private static final String ACCOUNT = "acct-heavy-integration";
    /** An integration's usual case: every job through a key, for an end user named by a SHA-256 hex digest. */
    private static final JobAttribution MADE_BY = new JobAttribution(Optional.of("key_0123456789abcdef"),
            Optional.of("e".repeat(64)), JobAttribution.DALL_E_2);

    private final InMemoryServices atelier = new InMemoryServices(Instant.parse("2030-03-10T00:00:00Z"));
    private final Deque<String> queue = new ArrayDeque<>();
    private Account fullest;
    private int succeeded;
    private int rejected;
    private int refusedAsTooMany;

    @Test
    void twentyThousandJobsInOneDayArePaidOnceAndKeepTheAccountItemSmall() {
        fund(20_000);
        Duration between = Duration.ofDays(1).dividedBy(20_000);
        for (int job = 0; job < 20_000; job++) {
            submit();
            // Sixty jobs in flight, about four minutes of this account's traffic: the queue, the GPU and the change feed's lag.
            if (queue.size() > 60) {
                runNext(job % 97 == 0);
            }
            atelier.clock.advance(between);
        }
        drain();

        assertThat(succeeded + rejected).isEqualTo(20_000);
        assertEveryJobPaidOnce();
        assertThat(largestAccountItemBytes()).isLessThan(ACCOUNT_ITEM_BUDGET_BYTES);
        System.out.printf("heavy account, 20,000 jobs in a day: largest account item %,d bytes%n", largestAccountItemBytes());
    }

    @Test
    void threeThousandQueuedAtOnceAreCappedBeforeAnyChargeThenDrainAndContinue() {
        fund(3_000);
        for (int job = 0; job < 3_000; job++) {
            submit();
        }
        assertThat(queue).hasSize(CreditService.MAX_OPEN_JOBS);
        assertThat(refusedAsTooMany).isEqualTo(3_000 - CreditService.MAX_OPEN_JOBS);
        assertThat(atelier.credits.balance(ACCOUNT).total()).isEqualTo(initialCredits(3_000) - CreditService.MAX_OPEN_JOBS);

        drain();
        for (int job = 0; job < 3_000 - CreditService.MAX_OPEN_JOBS; job++) {
            submit();
            if (queue.size() >= CreditService.MAX_OPEN_JOBS) {
                drain();
            }
        }
        drain();

        assertThat(succeeded).isEqualTo(3_000);
        assertEveryJobPaidOnce();
        System.out.printf("heavy account, 3,000 queued at once: %,d refused, largest account item %,d bytes%n",
                refusedAsTooMany, largestAccountItemBytes());
        // The cap is what holds the item to its budget with every debit open at once.
        assertThat(largestAccountItemBytes()).isLessThan(ACCOUNT_ITEM_BUDGET_BYTES);
    }

    /** Free credits, plus packs for one credit per job. */
    private void fund(int jobs) {
        atelier.openAccount(ACCOUNT);
        int packs = (jobs + PackPurchase.CREDITS_PER_PACK - 1) / PackPurchase.CREDITS_PER_PACK;
        for (int payment = 0; packs > 0; payment++) {
            int now = Math.min(packs, PackPurchase.MAX_PACKS);
            assertThat(atelier.credits.purchase(new PackPurchase("pi-" + payment, ACCOUNT, now))).isTrue();
            packs -= now;
        }
    }

    private int initialCredits(int jobs) {
        int packs = (jobs + PackPurchase.CREDITS_PER_PACK - 1) / PackPurchase.CREDITS_PER_PACK;
        return 50 + packs * PackPurchase.CREDITS_PER_PACK;
    }

    /** A one-image generation as the jobs function submits it: the account as authentication read it, then admission. */
    private void submit() {
        String jobId = JobIds.random();
        try {
            atelier.admission.admit(atelier.account(ACCOUNT), jobId, JobKind.GENERATION, 1, "hash-" + jobId,
                    JobSpec.generation("a lighthouse at dusk, oil on canvas", 512, jobId.hashCode()), MADE_BY);
            queue.add(jobId);
        } catch (TooManyOpenJobsException refused) {
            refusedAsTooMany++;
            assertThat(atelier.jobs.find(jobId)).as("a refused job is not recorded").isEmpty();
        }
        measureAccountItem();
    }

    /** The worker's claim, progress and end, then the change feed's delivery of the end to outcomes. */
    private void runNext(boolean allImagesFlagged) {
        String jobId = queue.remove();
        Instant now = atelier.clock.instant();
        JobRecord claimed = atelier.jobs.claim(jobId, now).orElseThrow();
        assertThat(atelier.jobs.recordProgress(jobId, claimed.attempt(), 10, 20)).isTrue();
        JobRecord finished = allImagesFlagged
                ? atelier.jobs.reject(jobId, claimed.attempt(), "all_images_flagged", 1, COST, now).orElseThrow()
                : atelier.jobs.complete(jobId, claimed.attempt(), List.of("results/" + jobId + "/0.png"), 0, COST, now)
                        .orElseThrow();
        atelier.outcomes.changed(finished);
        if (finished.status() == JobStatus.SUCCEEDED) {
            succeeded++;
        } else {
            rejected++;
        }
        measureAccountItem();
    }

    private void drain() {
        while (!queue.isEmpty()) {
            runNext(false);
        }
    }

    /**
     * Every open debit here has the same shape and the lots do not change after funding, so the item
     * is largest when it holds the most open debits: that account, as read, is the one to size.
     */
    private void measureAccountItem() {
        Account account = atelier.account(ACCOUNT);
        if (fullest == null || account.openDebits().size() > fullest.openDebits().size()) {
            fullest = account;
        }
    }

    private int largestAccountItemBytes() {
        return DynamoDbCreditAccounts.storedSizeBytes(fullest);
    }

    private void assertEveryJobPaidOnce() {
        List<LedgerEntryType> types = atelier.ledger.all(ACCOUNT).stream().map(entry -> entry.type()).toList();
        assertThat(types.stream().filter(type -> type == LedgerEntryType.DEBIT).count())
                .as("one debit entry per job that was charged").isEqualTo(succeeded + rejected);
        assertThat(types.stream().filter(type -> type == LedgerEntryType.REFUND).count())
                .as("one refund per job that made no images").isEqualTo(rejected);
        assertThat(atelier.account(ACCOUNT).openDebits()).isEmpty();
        assertThat(atelier.credits.balance(ACCOUNT).total()).isEqualTo(initialCredits(succeeded + rejected) - succeeded);
        LedgerAudit.Result audit = atelier.audit.check(ACCOUNT);
        assertThat(audit.consistent()).as("%s", audit).isTrue();
    }
}
