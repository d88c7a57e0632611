package com.atelier.local.credits;

import com.atelier.jobs.JobAttribution;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.CreditService;
import com.atelier.accounts.LedgerAudit;
import com.atelier.accounts.Ledger;
import com.atelier.aws.credits.DynamoDbCreditAccounts;
import com.atelier.aws.credits.DynamoDbLedger;
import com.atelier.accounts.Role;
import com.atelier.billing.PackPurchase;
import com.atelier.credits.CreditKind;
import com.atelier.credits.InsufficientCreditsException;
import com.atelier.credits.LedgerEntryType;
import com.atelier.jobs.JobIds;
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

/** The credit rules against the local stack's real DynamoDB server. */
@ExtendWith(LocalStackExtension.class)
class CreditLedgerIT {

    private CreditAccounts accounts;
    private Ledger ledger;
    private MovableClock clock;
    private CreditService credits;
    private LedgerAudit audit;

    @BeforeEach
    void services(LocalStack stack) {
        accounts = new DynamoDbCreditAccounts(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                stack.resources().accounts().name());
        ledger = new DynamoDbLedger(stack.clients().dynamoDbEnhanced(), stack.resources().ledger().name());
        clock = new MovableClock(Instant.parse("2026-01-31T10:00:00Z"));
        credits = new CreditService(accounts, ledger, clock);
        audit = new LedgerAudit(accounts, ledger);
    }

    @Test
    void twoHundredConcurrentDebitsOnThirtySevenCreditsAcceptExactlyThirtySeven() throws Exception {
        String account = newAccount();
        charge(account, "setup", 13);
        assertThat(credits.balance(account).total()).isEqualTo(37);

        List<Boolean> accepted = Race.run(200, i -> () -> {
            try {
                return !charge(account, "job-" + i, 1).alreadyPaid();
            } catch (InsufficientCreditsException refused) {
                return false;
            }
        });

        assertThat(accepted.stream().filter(Boolean::booleanValue).count()).isEqualTo(37);
        assertThat(credits.balance(account).total()).isZero();
        LedgerAudit.Result result = audit.check(account);
        assertThat(result.consistent()).as("%s", result).isTrue();
        assertThat(result.ledgerBalance()).isZero();
    }

    @Test
    void fiftyParallelRequestsForOneJobPayOnce() throws Exception {
        String account = newAccount();
        String jobId = JobIds.forIdempotencyKey(account, "idempotency-key-1");

        List<Boolean> paidNow = Race.run(50, i -> () -> !charge(account, jobId, 3).alreadyPaid());

        assertThat(paidNow.stream().filter(Boolean::booleanValue).count()).isEqualTo(1);
        assertThat(credits.balance(account).total()).isEqualTo(47);
        assertThat(accounts.find(account).orElseThrow().openDebits()).containsOnlyKeys(jobId);
        assertThat(audit.check(account).consistent()).isTrue();
    }

    @Test
    void aRefundRacedWithItselfRestoresOnce() throws Exception {
        String account = newAccount();
        charge(account, "job-r", 4);

        Race.run(20, i -> () -> credits.refund(account, "job-r", JobAttribution.accountOnly(JobAttribution.DALL_E_2)));

        assertThat(credits.balance(account).total()).isEqualTo(50);
        assertThat(ledger.all(account)).filteredOn(entry -> entry.type() == LedgerEntryType.REFUND).singleElement()
                .satisfies(entry -> assertThat(entry.credits()).isEqualTo(4));
        assertThat(credits.refund(account, "job-r", JobAttribution.accountOnly(JobAttribution.DALL_E_2))).isFalse();
        assertThat(audit.check(account).consistent()).isTrue();
    }

    @Test
    void aSettledJobKeepsItsDebitInTheLedgerAndLeavesTheAccount() {
        String account = newAccount();
        charge(account, "job-s", 2);
        assertThat(ledger.all(account)).filteredOn(entry -> entry.type() == LedgerEntryType.DEBIT).isEmpty();

        credits.settle(account, "job-s", JobAttribution.accountOnly(JobAttribution.DALL_E_2));
        credits.settle(account, "job-s", JobAttribution.accountOnly(JobAttribution.DALL_E_2));

        assertThat(ledger.all(account)).filteredOn(entry -> entry.type() == LedgerEntryType.DEBIT).singleElement()
                .satisfies(entry -> assertThat(entry.credits()).isEqualTo(-2));
        assertThat(accounts.find(account).orElseThrow().openDebits()).isEmpty();
        assertThat(credits.balance(account).total()).isEqualTo(48);
        assertThat(credits.refund(account, "job-s", JobAttribution.accountOnly(JobAttribution.DALL_E_2))).isFalse();
        assertThat(audit.check(account).consistent()).isTrue();
    }

    @Test
    void notEnoughCreditsChargesNothing() {
        String account = newAccount();

        assertThatThrownBy(() -> charge(account, "big", 51))
                .isInstanceOf(InsufficientCreditsException.class).hasMessageContaining("needs 51");
        assertThat(credits.balance(account).total()).isEqualTo(50);
        assertThat(ledger.all(account)).filteredOn(entry -> entry.type() == LedgerEntryType.DEBIT).isEmpty();
    }

    @Test
    void freeCreditsRefillLazilyWithoutRolloverOnTheTwentyEighth() {
        String account = newAccount();
        charge(account, "first", 10);

        clock.set(Instant.parse("2026-02-27T23:59:59Z"));
        assertThat(credits.balance(account).total()).isEqualTo(40);
        clock.set(Instant.parse("2026-02-28T00:00:00Z"));

        assertThat(credits.balance(account).byKind()).containsEntry(CreditKind.FREE, 15);
        assertThat(credits.balance(account).nextFreeRefill()).isEqualTo(Instant.parse("2026-03-28T00:00:00Z"));
        assertThat(ledger.all(account)).extracting(entry -> entry.type() + ":" + entry.credits())
                .contains("EXPIRY:-40", "FREE_GRANT:15");
        assertThat(audit.check(account).consistent()).isTrue();
    }

    @Test
    void spendingTakesTheLotsThatExpireFirstAndRefundsRestoreThem() {
        String account = newAccount();
        credits.grant(account, "artist-1", 20, Instant.parse("2026-02-10T00:00:00Z"));
        credits.purchase(new PackPurchase("pi_1", account, 1));

        CreditService.Charge charge = charge(account, "mix", 30);

        assertThat(charge.draws()).extracting(draw -> draw.lotId() + "=" + draw.amount())
                .containsExactly("grant-artist-1=20", "free-0=10");
        credits.refund(account, "mix", JobAttribution.accountOnly(JobAttribution.DALL_E_2));
        assertThat(credits.balance(account).byKind())
                .containsEntry(CreditKind.GRANT, 20).containsEntry(CreditKind.FREE, 50).containsEntry(CreditKind.PAID, 115);
        assertThat(audit.check(account).consistent()).isTrue();
    }

    @Test
    void aRefundAfterItsLotExpiredComesBackAsANewLotOfTheSameKind() {
        String account = newAccount();
        credits.grant(account, "short", 5, Instant.parse("2026-02-01T00:00:00Z"));
        charge(account, "late", 5);
        clock.set(Instant.parse("2026-02-02T00:00:00Z"));

        credits.refund(account, "late", JobAttribution.accountOnly(JobAttribution.DALL_E_2));

        assertThat(credits.balance(account).lots()).anySatisfy(lot -> {
            assertThat(lot.lotId()).isEqualTo("refund-late-grant-short");
            assertThat(lot.kind()).isEqualTo(CreditKind.GRANT);
            assertThat(lot.remaining()).isEqualTo(5);
            assertThat(lot.expiresAt()).isEqualTo(clock.instant().plus(CreditService.REFUND_LOT_VALIDITY));
        });
        assertThat(audit.check(account).consistent()).isTrue();
    }

    @Test
    void aReplayedPaymentAddsNothing() {
        String account = newAccount();

        assertThat(credits.purchase(new PackPurchase("pi_twice", account, 2))).isTrue();
        assertThat(credits.purchase(new PackPurchase("pi_twice", account, 2))).isFalse();

        assertThat(credits.balance(account).byKind()).containsEntry(CreditKind.PAID, 230);
        assertThat(credits.balance(account).lots()).filteredOn(lot -> lot.kind() == CreditKind.PAID).singleElement()
                .satisfies(lot -> assertThat(lot.expiresAt()).isEqualTo(Instant.parse("2027-01-31T10:00:00Z")));
    }

    @Test
    void reconcileRecordsWhatACrashLeftOnlyInTheAccountItem() {
        String account = newAccount();
        charge(account, "crashed", 2);
        accounts.refund(account, "crashed", List.of(new CreditAccounts.Restore.IntoLot(
                accounts.find(account).orElseThrow().lots().get(0).lotId(), 2)), clock.instant());
        charge(account, "open", 1);

        assertThat(credits.reconcile(account)).containsOnlyKeys("open");
        assertThat(ledger.all(account)).extracting(entry -> entry.type() + ":" + entry.reference())
                .contains("DEBIT:crashed", "REFUND:crashed");
        assertThat(accounts.find(account).orElseThrow().openDebits()).containsOnlyKeys("open");
        assertThat(audit.check(account).consistent()).isTrue();
    }

    private CreditService.Charge charge(String accountId, String jobId, int amount) {
        return credits.charge(accounts.find(accountId).orElseThrow(), jobId, amount);
    }

    private String newAccount() {
        String id = "acct-" + UUID.randomUUID();
        assertThat(credits.openAccount(id, Set.of(Role.USER), Optional.empty())).isTrue();
        return id;
    }
}
