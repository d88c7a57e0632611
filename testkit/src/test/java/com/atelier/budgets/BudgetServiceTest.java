package com.atelier.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atelier.accounts.Account;
import com.atelier.credits.LedgerEntry;
import com.atelier.credits.LedgerEntryType;
import com.atelier.jobs.JobAttribution;
import com.atelier.testkit.InMemoryServices;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Budgets set through {@link BudgetService} and enforced by the charge, on the in-memory adapters and a movable clock. */
class BudgetServiceTest {

    private final InMemoryServices atelier = new InMemoryServices(Instant.parse("2030-03-30T23:00:00Z"));
    private final BudgetService budgets = new BudgetService(atelier.accounts, atelier.ledger, atelier.clock);
    private final String accountId = "acct-1";
    private final Optional<String> key = Optional.of("key_1");

    private Account account() {
        return atelier.account(accountId);
    }

    private boolean charged(String jobId, Optional<String> apiKeyId, Optional<String> endUser) {
        try {
            atelier.credits.charge(account(), jobId, 1, apiKeyId, endUser);
            return true;
        } catch (BudgetExceededException refused) {
            return false;
        }
    }

    @Test
    void aHardKeyBudgetRefusesTheRequestThatWouldPassItBeforeAnyCharge() {
        atelier.openAccount(accountId);
        budgets.set(account(), BudgetScope.apiKey("key_1"), 2, Enforcement.HARD, Budget.DEFAULT_THRESHOLDS_PERCENT);
        atelier.credits.charge(account(), "job-1", 1, key, Optional.empty());
        atelier.credits.charge(account(), "job-2", 1, key, Optional.empty());

        assertThatThrownBy(() -> atelier.credits.charge(account(), "job-3", 1, key, Optional.empty()))
                .isInstanceOfSatisfying(BudgetExceededException.class, refused -> {
                    assertThat(refused.scope()).isEqualTo(BudgetScope.apiKey("key_1"));
                    assertThat(refused.monthlyCreditLimit()).isEqualTo(2);
                    assertThat(refused.remainingCredits()).isZero();
                })
                .hasMessageContaining("API key key_1").hasMessageContaining("2 credits");
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(48);
        assertThat(account().openDebits()).containsOnlyKeys("job-1", "job-2");
        assertThat(charged("job-4", Optional.of("key_2"), Optional.empty())).isTrue();
    }

    @Test
    void theAccountAndEndUserBudgetsCountEveryRequestOfTheirScope() {
        atelier.openAccount(accountId);
        budgets.set(account(), BudgetScope.account(), 3, Enforcement.HARD, List.of());
        budgets.set(account(), BudgetScope.endUser("alice"), 1, Enforcement.HARD, List.of());

        assertThat(charged("job-1", key, Optional.of("alice"))).isTrue();
        assertThat(charged("job-2", key, Optional.of("alice"))).isFalse();
        assertThat(charged("job-3", key, Optional.of("bob"))).isTrue();
        assertThat(charged("job-4", Optional.empty(), Optional.empty())).isTrue();
        assertThat(charged("job-5", Optional.empty(), Optional.empty())).isFalse();
    }

    @Test
    void aSoftBudgetLetsRequestsPassAndCountsBeyondItsLimit() {
        atelier.openAccount(accountId);
        budgets.set(account(), BudgetScope.endUser("alice"), 1, Enforcement.SOFT, Budget.DEFAULT_THRESHOLDS_PERCENT);

        assertThat(charged("job-1", key, Optional.of("alice"))).isTrue();
        assertThat(charged("job-2", key, Optional.of("alice"))).isTrue();

        assertThat(budgets.find(account(), BudgetScope.endUser("alice")).orElseThrow().spentIn("2030-03")).isEqualTo(2);
    }

    @Test
    void aNewMonthStartsFromNothing() {
        atelier.openAccount(accountId);
        budgets.set(account(), BudgetScope.apiKey("key_1"), 1, Enforcement.HARD, List.of());
        assertThat(charged("job-1", key, Optional.empty())).isTrue();
        assertThat(charged("job-2", key, Optional.empty())).isFalse();

        atelier.clock.set(Instant.parse("2030-04-01T00:00:00Z"));

        assertThat(charged("job-3", key, Optional.empty())).isTrue();
        assertThat(budgets.find(account(), BudgetScope.apiKey("key_1")).orElseThrow().spentByMonth())
                .containsExactlyEntriesOf(java.util.Map.of("2030-04", 1));
    }

    @Test
    void aRefundGivesTheSpendBackWithinTheMonthOnly() {
        atelier.openAccount(accountId);
        JobAttribution byKey = new JobAttribution(key, Optional.empty(), JobAttribution.DALL_E_2);
        budgets.set(account(), BudgetScope.apiKey("key_1"), 1, Enforcement.HARD, List.of());
        atelier.credits.charge(account(), "job-1", 1, key, Optional.empty());

        atelier.credits.refund(accountId, "job-1", byKey);
        assertThat(charged("job-2", key, Optional.empty())).isTrue();

        atelier.clock.set(Instant.parse("2030-04-01T00:00:00Z"));
        atelier.credits.refund(accountId, "job-2", byKey);
        assertThat(budgets.find(account(), BudgetScope.apiKey("key_1")).orElseThrow().spentIn("2030-03")).isEqualTo(1);
    }

    @Test
    void concurrentRequestsNeverPassAHardLimit() throws Exception {
        atelier.openAccount(accountId);
        budgets.set(account(), BudgetScope.apiKey("key_1"), 10, Enforcement.HARD, Budget.DEFAULT_THRESHOLDS_PERCENT);
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<Future<Boolean>> results = IntStream.range(0, 40)
                    .mapToObj(i -> pool.submit(() -> charged("job-" + i, key, Optional.empty()))).toList();
            long accepted = 0;
            for (Future<Boolean> result : results) {
                accepted += result.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(40);
    }

    @Test
    void everyChangeIsAuditedInTheLedgerAndAChangeKeepsTheSpend() {
        atelier.openAccount(accountId);
        budgets.set(account(), BudgetScope.endUser("alice"), 5, Enforcement.HARD, Budget.DEFAULT_THRESHOLDS_PERCENT);
        charged("job-1", Optional.empty(), Optional.of("alice"));
        atelier.clock.set(Instant.parse("2030-03-30T23:00:01Z"));
        Budget changed = budgets.set(account(), BudgetScope.endUser("alice"), 8, Enforcement.SOFT, List.of(90));
        atelier.clock.set(Instant.parse("2030-03-30T23:00:02Z"));
        assertThat(budgets.remove(account(), BudgetScope.endUser("alice"))).isTrue();
        assertThat(budgets.remove(account(), BudgetScope.endUser("alice"))).isFalse();

        assertThat(changed.spentIn("2030-03")).isEqualTo(1);
        List<LedgerEntry> audit = atelier.ledger.all(accountId).stream()
                .filter(entry -> entry.type() == LedgerEntryType.BUDGET_SET || entry.type() == LedgerEntryType.BUDGET_REMOVED).toList();
        assertThat(audit).extracting(LedgerEntry::reference).containsExactlyInAnyOrder(
                "user:alice@1901142000000 monthly_credit_limit=5 enforcement=hard thresholds=50,80,100",
                "user:alice@1901142001000 monthly_credit_limit=8 enforcement=soft thresholds=90",
                "user:alice@1901142002000 removed");
        assertThat(audit).allSatisfy(entry -> assertThat(entry.credits()).isZero());
    }

    @Test
    void anAccountHasAtMostFiftyBudgets() {
        atelier.openAccount(accountId);
        for (int i = 0; i < BudgetService.MAX_BUDGETS_PER_ACCOUNT; i++) {
            budgets.set(account(), BudgetScope.endUser("user-" + i), 5, Enforcement.HARD, List.of());
        }

        assertThatThrownBy(() -> budgets.set(account(), BudgetScope.endUser("one-more"), 5, Enforcement.HARD, List.of()))
                .isInstanceOf(BudgetLimitException.class);
        budgets.set(account(), BudgetScope.endUser("user-0"), 6, Enforcement.HARD, List.of());
        assertThat(budgets.list(account())).hasSize(BudgetService.MAX_BUDGETS_PER_ACCOUNT);
    }
}
