package com.atelier.testkit.contracts;

import com.atelier.accounts.Account;
import com.atelier.accounts.AccountStatus;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.CreditAccounts.Restore;
import com.atelier.accounts.OpenDebit;
import com.atelier.accounts.Role;
import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetCharge;
import com.atelier.budgets.BudgetScope;
import com.atelier.budgets.Enforcement;
import com.atelier.credits.CreditKind;
import com.atelier.credits.CreditLot;
import com.atelier.credits.LowBalanceAlert;
import com.atelier.credits.Draw;
import com.atelier.credits.FreeCreditSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every condition of every write of {@link CreditAccounts}, run against each adapter: a write whose
 * condition fails answers false and changes nothing. Account ids are fresh per test.
 */
public abstract class CreditAccountsContract {

    private final Instant now = Instant.parse("2030-03-10T09:30:00.250Z");
    private final String accountId = "acct-" + UUID.randomUUID();

    protected abstract CreditAccounts accounts();

    private Account account() {
        return accounts().find(accountId).orElseThrow();
    }

    private Account opened() {
        assertThat(accounts().create(accountId, Set.of(Role.USER), Optional.empty(), now)).isTrue();
        return account();
    }

    private CreditLot grant(String id, int credits, Instant expiresAt) {
        CreditLot lot = new CreditLot(id, CreditKind.GRANT, credits, credits, now, expiresAt);
        assertThat(accounts().addLot(accountId, lot)).isTrue();
        return lot;
    }

    private CreditLot lot(String lotId) {
        return account().lots().stream().filter(lot -> lot.lotId().equals(lotId)).findFirst().orElseThrow();
    }

    private static Draw draw(CreditLot lot, int amount) {
        return new Draw(lot.lotId(), lot.kind(), lot.expiresAt(), amount);
    }

    @Test
    void aNewAccountIsActiveWithItsFirstMonthsFreeCredits() {
        assertThat(accounts().create(accountId, Set.of(Role.USER, Role.ADMIN), Optional.of("oidc|" + accountId), now))
                .isTrue();

        Account account = account();
        FreeCreditSchedule.Period first = FreeCreditSchedule.period(now, 0);
        assertThat(account.createdAt()).isEqualTo(now);
        assertThat(account.roles()).containsExactlyInAnyOrder(Role.USER, Role.ADMIN);
        assertThat(account.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(account.oidcSubject()).contains("oidc|" + accountId);
        assertThat(account.freePeriod()).isZero();
        assertThat(account.lots()).containsExactly(first.lot());
        assertThat(account.openDebits()).isEmpty();
    }

    @Test
    void anAccountIdIsCreatedOnce() {
        opened();

        assertThat(accounts().create(accountId, Set.of(Role.ADMIN), Optional.empty(), now.plusSeconds(5))).isFalse();
        assertThat(account().roles()).containsExactly(Role.USER);
        assertThat(account().createdAt()).isEqualTo(now);
    }

    @Test
    void findAnswersNothingForAnUnknownAccount() {
        assertThat(accounts().find("acct-unknown-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void anAccountIsFoundByItsOidcSubject() {
        String subject = "oidc|" + UUID.randomUUID();
        accounts().create(accountId, Set.of(Role.USER), Optional.of(subject), now);

        assertThat(accounts().findByOidcSubject(subject)).map(Account::accountId).contains(accountId);
        assertThat(accounts().findByOidcSubject("oidc|unknown-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void aNewFreePeriodAddsItsLotAndRemovesTheExpiredFreeLots() {
        Account account = opened();
        CreditLot expired = account.lots().get(0);
        FreeCreditSchedule.Period second = FreeCreditSchedule.period(now, 1);

        assertThat(accounts().startFreePeriod(accountId, 0, second, List.of(expired))).isTrue();

        assertThat(account().freePeriod()).isEqualTo(1);
        assertThat(account().lots()).containsExactly(second.lot());
    }

    @Test
    void aFreePeriodIsGrantedOnlyFromThePeriodRead() {
        opened();
        FreeCreditSchedule.Period second = FreeCreditSchedule.period(now, 1);
        accounts().startFreePeriod(accountId, 0, second, List.of());

        assertThat(accounts().startFreePeriod(accountId, 0, second, List.of())).isFalse();
        assertThat(accounts().startFreePeriod("acct-unknown-" + UUID.randomUUID(), 0, second, List.of())).isFalse();
        assertThat(account().freePeriod()).isEqualTo(1);
    }

    @Test
    void aDebitTakesTheDrawsAndOpensTheJobsDebit() {
        Account account = opened();
        CreditLot free = account.lots().get(0);
        CreditLot granted = grant("grant-g1", 10, now.plus(Duration.ofDays(90)));

        assertThat(accounts().debit(accountId, "job-1", List.of(draw(free, 50), draw(granted, 3)), 0, now)).isTrue();

        assertThat(lot(free.lotId()).remaining()).isZero();
        assertThat(lot("grant-g1").remaining()).isEqualTo(7);
        OpenDebit debit = account().openDebits().get("job-1");
        assertThat(debit.draws()).containsExactlyInAnyOrder(draw(free, 50), draw(granted, 3));
        assertThat(debit.takenAt()).isEqualTo(now);
        assertThat(debit.isRefunded()).isFalse();
        assertThat(debit.credits()).isEqualTo(53);
    }

    @Test
    void aDebitNeverTakesALotBelowZeroAndTakesNothingThen() {
        Account account = opened();
        CreditLot free = account.lots().get(0);
        CreditLot granted = grant("grant-g1", 2, now.plus(Duration.ofDays(90)));

        assertThat(accounts().debit(accountId, "job-1", List.of(draw(free, 5), draw(granted, 3)), 0, now)).isFalse();

        assertThat(lot(free.lotId()).remaining()).isEqualTo(50);
        assertThat(lot("grant-g1").remaining()).isEqualTo(2);
        assertThat(account().openDebits()).isEmpty();
    }

    @Test
    void aDebitNeverSpendsALotAtOrAfterItsExpiry() {
        opened();
        CreditLot expiring = grant("grant-g1", 5, now.plusSeconds(60));

        assertThat(accounts().debit(accountId, "job-1", List.of(draw(expiring, 1)), 0, now.plusSeconds(60))).isFalse();
        assertThat(accounts().debit(accountId, "job-1", List.of(draw(expiring, 1)), 0, now.plusSeconds(61))).isFalse();
        assertThat(accounts().debit(accountId, "job-1", List.of(draw(expiring, 1)), 0, now.plusSeconds(59))).isTrue();
    }

    @Test
    void aDebitFromALotTheAccountDoesNotHaveIsRefused() {
        opened();
        CreditLot missing = new CreditLot("grant-missing", CreditKind.GRANT, 5, 5, now, now.plusSeconds(600));

        assertThat(accounts().debit(accountId, "job-1", List.of(draw(missing, 1)), 0, now)).isFalse();
        assertThat(account().openDebits()).isEmpty();
    }

    @Test
    void aJobHasAtMostOneOpenDebit() {
        CreditLot free = opened().lots().get(0);
        accounts().debit(accountId, "job-1", List.of(draw(free, 2)), 0, now);

        assertThat(accounts().debit(accountId, "job-1", List.of(draw(free, 2)), 0, now)).isFalse();
        assertThat(lot(free.lotId()).remaining()).isEqualTo(48);
    }

    @Test
    void aDebitHoldsOnlyInThePeriodItsDrawsWereChosenIn() {
        CreditLot free = opened().lots().get(0);

        assertThat(accounts().debit(accountId, "job-1", List.of(draw(free, 2)), 1, now)).isFalse();
        assertThat(lot(free.lotId()).remaining()).isEqualTo(50);
    }

    @Test
    void aSuspendedAccountIsNeverDebited() {
        CreditLot free = opened().lots().get(0);
        accounts().setStatus(accountId, AccountStatus.SUSPENDED);

        assertThat(accounts().debit(accountId, "job-1", List.of(draw(free, 2)), 0, now)).isFalse();
        assertThat(lot(free.lotId()).remaining()).isEqualTo(50);
    }

    @Test
    void anUnknownAccountIsNeverDebited() {
        CreditLot lot = new CreditLot("free-0", CreditKind.FREE, 50, 50, now, now.plusSeconds(600));

        assertThat(accounts().debit("acct-unknown-" + UUID.randomUUID(), "job-1", List.of(draw(lot, 1)), 0, now)).isFalse();
    }

    @Test
    void aRefundRestoresIntoTheDrawnLotsAndMarksTheDebitRefunded() {
        CreditLot free = opened().lots().get(0);
        accounts().debit(accountId, "job-1", List.of(draw(free, 3)), 0, now);

        assertThat(accounts().refund(accountId, "job-1", List.of(new Restore.IntoLot(free.lotId(), 3)), now.plusSeconds(9)))
                .isTrue();

        assertThat(lot(free.lotId()).remaining()).isEqualTo(50);
        OpenDebit debit = account().openDebits().get("job-1");
        assertThat(debit.refundedAt()).contains(now.plusSeconds(9));
        assertThat(debit.restoredTo()).isEqualTo(Map.of(free.lotId(), free.lotId()));
    }

    @Test
    void aSecondRefundFindsNothingToDo() {
        CreditLot free = opened().lots().get(0);
        accounts().debit(accountId, "job-1", List.of(draw(free, 3)), 0, now);
        accounts().refund(accountId, "job-1", List.of(new Restore.IntoLot(free.lotId(), 3)), now.plusSeconds(9));

        assertThat(accounts().refund(accountId, "job-1", List.of(new Restore.IntoLot(free.lotId(), 3)), now.plusSeconds(10)))
                .isFalse();
        assertThat(lot(free.lotId()).remaining()).isEqualTo(50);
    }

    @Test
    void aJobWithoutAnOpenDebitIsNeverRefunded() {
        CreditLot free = opened().lots().get(0);

        assertThat(accounts().refund(accountId, "job-1", List.of(new Restore.IntoLot(free.lotId(), 3)), now)).isFalse();
        assertThat(lot(free.lotId()).remaining()).isEqualTo(50);
    }

    @Test
    void creditsNeverGoBackIntoAnExpiredLot() {
        opened();
        CreditLot expiring = grant("grant-g1", 5, now.plusSeconds(60));
        accounts().debit(accountId, "job-1", List.of(draw(expiring, 2)), 0, now);

        assertThat(accounts().refund(accountId, "job-1", List.of(new Restore.IntoLot("grant-g1", 2)), now.plusSeconds(60)))
                .isFalse();
        assertThat(lot("grant-g1").remaining()).isEqualTo(3);
        assertThat(account().openDebits().get("job-1").isRefunded()).isFalse();
    }

    @Test
    void aRefundOfAnExpiredLotsCreditsMakesANewLot() {
        opened();
        CreditLot expiring = grant("grant-g1", 5, now.plusSeconds(60));
        accounts().debit(accountId, "job-1", List.of(draw(expiring, 2)), 0, now);
        CreditLot replacement = new CreditLot("refund-job-1-grant-g1", CreditKind.GRANT, 2, 2, now.plusSeconds(61),
                now.plusSeconds(61).plus(Duration.ofDays(30)));

        assertThat(accounts().refund(accountId, "job-1", List.of(new Restore.AsNewLot("grant-g1", replacement)),
                now.plusSeconds(61))).isTrue();

        assertThat(lot(replacement.lotId())).isEqualTo(replacement);
        assertThat(lot("grant-g1").remaining()).isEqualTo(3);
        assertThat(account().openDebits().get("job-1").restoredTo()).isEqualTo(Map.of("grant-g1", replacement.lotId()));
    }

    @Test
    void aRefundNeverReplacesALotThatExists() {
        CreditLot free = opened().lots().get(0);
        accounts().debit(accountId, "job-1", List.of(draw(free, 2)), 0, now);
        CreditLot clash = new CreditLot(free.lotId(), CreditKind.FREE, 2, 2, now, now.plus(Duration.ofDays(30)));

        assertThat(accounts().refund(accountId, "job-1", List.of(new Restore.AsNewLot(free.lotId(), clash)), now)).isFalse();
        assertThat(lot(free.lotId()).remaining()).isEqualTo(48);
    }

    @Test
    void aSettledDebitIsClosedOnce() {
        CreditLot free = opened().lots().get(0);
        accounts().debit(accountId, "job-1", List.of(draw(free, 2)), 0, now);

        assertThat(accounts().closeDebit(accountId, "job-1", true)).isFalse();
        assertThat(accounts().closeDebit(accountId, "job-1", false)).isTrue();
        assertThat(accounts().closeDebit(accountId, "job-1", false)).isFalse();
        assertThat(account().openDebits()).isEmpty();
        assertThat(lot(free.lotId()).remaining()).isEqualTo(48);
    }

    @Test
    void aRefundedDebitIsClosedOnlyAsRefunded() {
        CreditLot free = opened().lots().get(0);
        accounts().debit(accountId, "job-1", List.of(draw(free, 2)), 0, now);
        accounts().refund(accountId, "job-1", List.of(new Restore.IntoLot(free.lotId(), 2)), now);

        assertThat(accounts().closeDebit(accountId, "job-1", false)).isFalse();
        assertThat(accounts().closeDebit(accountId, "job-1", true)).isTrue();
        assertThat(account().openDebits()).isEmpty();
    }

    @Test
    void aLotIsAddedOnce() {
        opened();
        CreditLot paid = new CreditLot("paid-p1", CreditKind.PAID, 100, 100, now, now.plus(Duration.ofDays(365)));

        assertThat(accounts().addLot(accountId, paid)).isTrue();
        assertThat(accounts().addLot(accountId, new CreditLot("paid-p1", CreditKind.PAID, 500, 500, now,
                now.plus(Duration.ofDays(365))))).isFalse();
        assertThat(lot("paid-p1")).isEqualTo(paid);
    }

    @Test
    void noLotIsAddedToAnUnknownAccount() {
        CreditLot paid = new CreditLot("paid-p1", CreditKind.PAID, 100, 100, now, now.plus(Duration.ofDays(365)));

        String unknown = "acct-unknown-" + UUID.randomUUID();
        assertThat(accounts().addLot(unknown, paid)).isFalse();
        assertThat(accounts().find(unknown)).isEmpty();
    }

    @Test
    void anExpiredLotHoldingWhatWasRecordedIsRemoved() {
        opened();
        CreditLot expiring = grant("grant-g1", 5, now.plusSeconds(60));

        assertThat(accounts().removeExpiredLot(accountId, expiring, now.plusSeconds(60))).isTrue();
        assertThat(account().lots()).extracting(CreditLot::lotId).doesNotContain("grant-g1");
    }

    @Test
    void aLotIsNotRemovedBeforeItExpires() {
        opened();
        CreditLot expiring = grant("grant-g1", 5, now.plusSeconds(60));

        assertThat(accounts().removeExpiredLot(accountId, expiring, now.plusSeconds(59))).isFalse();
        assertThat(lot("grant-g1")).isEqualTo(expiring);
    }

    @Test
    void aLotThatChangedSinceItsExpiryWasRecordedIsNotRemoved() {
        opened();
        CreditLot expiring = grant("grant-g1", 5, now.plusSeconds(60));
        accounts().debit(accountId, "job-1", List.of(draw(expiring, 1)), 0, now);

        assertThat(accounts().removeExpiredLot(accountId, expiring, now.plusSeconds(61))).isFalse();
        assertThat(accounts().removeExpiredLot(accountId, new CreditLot("grant-none", CreditKind.GRANT, 1, 1, now, now),
                now.plusSeconds(61))).isFalse();
        assertThat(lot("grant-g1").remaining()).isEqualTo(4);
    }

    @Test
    void theStatusOfAnExistingAccountIsSet() {
        opened();

        assertThat(accounts().setStatus(accountId, AccountStatus.SUSPENDED)).isTrue();
        assertThat(account().status()).isEqualTo(AccountStatus.SUSPENDED);
        assertThat(accounts().setStatus(accountId, AccountStatus.ACTIVE)).isTrue();
        assertThat(account().isActive()).isTrue();
        String unknown = "acct-unknown-" + UUID.randomUUID();
        assertThat(accounts().setStatus(unknown, AccountStatus.SUSPENDED)).isFalse();
        assertThat(accounts().find(unknown)).isEmpty();
    }

    private static final BudgetScope KEY = BudgetScope.apiKey("key_budgeted");
    private static final String MONTH = "2030-03";

    private Budget budgetOf(BudgetScope scope, int limit, Enforcement enforcement) {
        return new Budget(scope, limit, enforcement, Budget.DEFAULT_THRESHOLDS_PERCENT, Map.of());
    }

    private BudgetCharge charge(BudgetScope scope, int credits, int limitRead, Enforcement enforcement) {
        return new BudgetCharge(scope, MONTH, credits, limitRead, enforcement, List.of());
    }

    private Budget budget(BudgetScope scope) {
        return account().budget(scope).orElseThrow();
    }

    @Test
    void aBudgetIsCreatedOnceWithNoSpendAndAChangeKeepsItsSpend() {
        CreditLot free = opened().lots().get(0);
        assertThat(accounts().putBudget(accountId, budgetOf(KEY, 10, Enforcement.HARD), false, 50)).isTrue();
        assertThat(accounts().putBudget(accountId, budgetOf(KEY, 20, Enforcement.HARD), false, 50)).isFalse();
        accounts().debit(accountId, "job-1", List.of(draw(free, 3)), 0, now, List.of(charge(KEY, 3, 10, Enforcement.HARD)), List.of());

        Budget changed = new Budget(KEY, 20, Enforcement.SOFT, List.of(25, 75), Map.of("1999-01", 7));
        assertThat(accounts().putBudget(accountId, changed, true, 50)).isTrue();

        assertThat(budget(KEY)).isEqualTo(new Budget(KEY, 20, Enforcement.SOFT, List.of(25, 75), Map.of(MONTH, 3)));
        assertThat(accounts().putBudget(accountId, budgetOf(BudgetScope.endUser("nobody"), 5, Enforcement.HARD), true, 50))
                .isFalse();
    }

    @Test
    void aDebitCountsInItsBudgetsAndTheDebitNamesThem() {
        CreditLot free = opened().lots().get(0);
        BudgetScope user = BudgetScope.endUser("alice@example.com");
        accounts().putBudget(accountId, budgetOf(KEY, 10, Enforcement.HARD), false, 50);
        accounts().putBudget(accountId, budgetOf(user, 4, Enforcement.SOFT), false, 50);

        assertThat(accounts().debit(accountId, "job-1", List.of(draw(free, 2)), 0, now,
                List.of(charge(KEY, 2, 10, Enforcement.HARD), charge(user, 2, 4, Enforcement.SOFT)),
                List.of(BudgetScope.account()))).isTrue();

        assertThat(budget(KEY).spentIn(MONTH)).isEqualTo(2);
        assertThat(budget(user).spentIn(MONTH)).isEqualTo(2);
        assertThat(account().openDebits().get("job-1").budgeted()).containsExactlyInAnyOrder(KEY, user);
    }

    @Test
    void aHardBudgetRefusesTheDebitThatWouldPassItsLimitAndASoftOneDoesNot() {
        CreditLot free = opened().lots().get(0);
        BudgetScope user = BudgetScope.endUser("bob");
        accounts().putBudget(accountId, budgetOf(KEY, 3, Enforcement.HARD), false, 50);
        accounts().putBudget(accountId, budgetOf(user, 3, Enforcement.SOFT), false, 50);
        accounts().debit(accountId, "job-1", List.of(draw(free, 2)), 0, now, List.of(charge(KEY, 2, 3, Enforcement.HARD)), List.of());

        // A stale reader that saw no spend still cannot pass the limit: the write checks the spend itself.
        assertThat(accounts().debit(accountId, "job-2", List.of(draw(free, 2)), 0, now,
                List.of(charge(KEY, 2, 3, Enforcement.HARD)), List.of())).isFalse();
        assertThat(accounts().debit(accountId, "job-3", List.of(draw(free, 1)), 0, now,
                List.of(charge(KEY, 1, 3, Enforcement.HARD)), List.of())).isTrue();
        assertThat(accounts().debit(accountId, "job-4", List.of(draw(free, 5)), 0, now,
                List.of(charge(user, 5, 3, Enforcement.SOFT)), List.of())).isTrue();

        assertThat(budget(KEY).spentIn(MONTH)).isEqualTo(3);
        assertThat(budget(user).spentIn(MONTH)).isEqualTo(5);
        assertThat(lot(free.lotId()).remaining()).isEqualTo(free.remaining() - 8);
        assertThat(account().openDebits()).containsOnlyKeys("job-1", "job-3", "job-4");
    }

    @Test
    void aDebitIsRefusedWhenABudgetChangedOrAppearedSinceTheRead() {
        CreditLot free = opened().lots().get(0);
        accounts().putBudget(accountId, budgetOf(KEY, 10, Enforcement.HARD), false, 50);
        accounts().putBudget(accountId, budgetOf(BudgetScope.account(), 10, Enforcement.HARD), false, 50);

        assertThat(accounts().debit(accountId, "job-1", List.of(draw(free, 1)), 0, now,
                List.of(charge(KEY, 1, 9, Enforcement.HARD)), List.of())).isFalse();
        assertThat(accounts().debit(accountId, "job-1", List.of(draw(free, 1)), 0, now,
                List.of(charge(KEY, 1, 10, Enforcement.SOFT)), List.of())).isFalse();
        assertThat(accounts().debit(accountId, "job-1", List.of(draw(free, 1)), 0, now,
                List.of(charge(KEY, 1, 10, Enforcement.HARD)), List.of(BudgetScope.account()))).isFalse();
        assertThat(account().openDebits()).isEmpty();
        assertThat(budget(KEY).spentByMonth()).isEmpty();
    }

    @Test
    void aNewMonthCountsFromNothingAndDropsThePastMonthsSpend() {
        CreditLot free = opened().lots().get(0);
        accounts().putBudget(accountId, budgetOf(KEY, 3, Enforcement.HARD), false, 50);
        accounts().debit(accountId, "job-1", List.of(draw(free, 3)), 0, now, List.of(charge(KEY, 3, 3, Enforcement.HARD)), List.of());

        BudgetCharge nextMonth = new BudgetCharge(KEY, "2030-04", 3, 3, Enforcement.HARD, List.of(MONTH));
        assertThat(accounts().debit(accountId, "job-2", List.of(draw(free, 3)), 0, now, List.of(nextMonth), List.of())).isTrue();

        assertThat(budget(KEY).spentByMonth()).isEqualTo(Map.of("2030-04", 3));
    }

    @Test
    void aRefundGivesItsCreditsBackToTheMonthsSpend() {
        CreditLot free = opened().lots().get(0);
        accounts().putBudget(accountId, budgetOf(KEY, 10, Enforcement.HARD), false, 50);
        accounts().debit(accountId, "job-1", List.of(draw(free, 4)), 0, now, List.of(charge(KEY, 4, 10, Enforcement.HARD)), List.of());

        assertThat(accounts().refund(accountId, "job-1", List.of(new Restore.IntoLot(free.lotId(), 4)), now,
                List.of(charge(KEY, 4, 10, Enforcement.HARD)))).isTrue();

        assertThat(budget(KEY).spentIn(MONTH)).isZero();
        assertThat(lot(free.lotId()).remaining()).isEqualTo(free.remaining());
    }

    @Test
    void anAccountHoldsAtMostTheBudgetsItsItemHasRoomFor() {
        opened();
        assertThat(accounts().putBudget(accountId, budgetOf(BudgetScope.endUser("u1"), 5, Enforcement.HARD), false, 2)).isTrue();
        assertThat(accounts().putBudget(accountId, budgetOf(BudgetScope.endUser("u2"), 5, Enforcement.HARD), false, 2)).isTrue();

        assertThat(accounts().putBudget(accountId, budgetOf(BudgetScope.endUser("u3"), 5, Enforcement.HARD), false, 2)).isFalse();
        assertThat(account().budgets()).hasSize(2);
    }

    @Test
    void aBudgetIsRemovedOnceAndOtherWritesKeepTheBudgets() {
        opened();
        accounts().putBudget(accountId, budgetOf(KEY, 5, Enforcement.HARD), false, 50);
        accounts().setStatus(accountId, AccountStatus.SUSPENDED);
        assertThat(account().budgets()).containsOnlyKeys(KEY);

        assertThat(accounts().removeBudget(accountId, KEY)).isTrue();
        assertThat(accounts().removeBudget(accountId, KEY)).isFalse();
        assertThat(account().budgets()).isEmpty();
    }

    @Test
    void aLowBalanceAlertIsSetReadAndClearedOnAnExistingAccountOnly() {
        opened();

        assertThat(accounts().lowBalanceAlert(accountId)).isEmpty();
        assertThat(accounts().setLowBalanceAlert(accountId, Optional.of(new LowBalanceAlert(25)))).isTrue();
        assertThat(accounts().lowBalanceAlert(accountId)).contains(new LowBalanceAlert(25));
        assertThat(accounts().setLowBalanceAlert(accountId, Optional.empty())).isTrue();
        assertThat(accounts().lowBalanceAlert(accountId)).isEmpty();
        assertThat(accounts().setLowBalanceAlert("acct-" + UUID.randomUUID(), Optional.of(new LowBalanceAlert(5)))).isFalse();
    }
}
