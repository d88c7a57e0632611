package com.atelier.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atelier.events.ChangeEvents;
import com.atelier.events.Event;
import com.atelier.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A budget's limit arithmetic, its months, and the threshold events read from the account's two images. */
class BudgetTest {

    private static final BudgetScope KEY = BudgetScope.apiKey("key_1");
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    private static Budget hard(int limit, Map<String, Integer> spent) {
        return new Budget(KEY, limit, Enforcement.HARD, Budget.DEFAULT_THRESHOLDS_PERCENT, spent);
    }

    @Test
    void aHardBudgetRefusesOnlyWhatWouldPassItsLimitThisMonth() {
        Budget budget = hard(10, Map.of("2026-12", 8, "2026-11", 10));

        assertThat(budget.refuses(2, "2026-12")).isFalse();
        assertThat(budget.refuses(3, "2026-12")).isTrue();
        assertThat(budget.refuses(10, "2027-01")).isFalse();
        assertThat(budget.refuses(11, "2027-01")).isTrue();
        assertThat(budget.remainingIn("2026-12")).isEqualTo(2);
        assertThat(budget.remainingIn("2027-01")).isEqualTo(10);
    }

    @Test
    void aSoftBudgetRefusesNothingAndItsRemainderStopsAtZero() {
        Budget soft = new Budget(KEY, 10, Enforcement.SOFT, List.of(), Map.of("2026-12", 14));

        assertThat(soft.refuses(100, "2026-12")).isFalse();
        assertThat(soft.remainingIn("2026-12")).isZero();
    }

    @Test
    void monthsAreCalendarMonthsInUtc() {
        assertThat(BudgetMonth.of(Instant.parse("2026-12-31T23:59:59Z"))).isEqualTo("2026-12");
        assertThat(BudgetMonth.of(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo("2027-01");
    }

    @Test
    void aThresholdIsReachedWhenTheSpendIsAtLeastItsShareOfTheLimit() {
        Budget budget = hard(10, Map.of());

        assertThat(budget.thresholdsReachedBy(4)).isEmpty();
        assertThat(budget.thresholdsReachedBy(5)).containsExactly(50);
        assertThat(budget.thresholdsReachedBy(8)).containsExactly(50, 80);
        assertThat(budget.thresholdsReachedBy(10)).containsExactly(50, 80, 100);
        assertThat(hard(3, Map.of()).thresholdsReachedBy(2)).containsExactly(50);
    }

    @Test
    void thresholdsAreSortedDistinctPercentagesAndALimitIsPositive() {
        assertThat(new Budget(KEY, 5, Enforcement.SOFT, List.of(80, 50, 80), Map.of()).thresholdsPercent()).containsExactly(50, 80);
        assertThatThrownBy(() -> new Budget(KEY, 5, Enforcement.SOFT, List.of(0), Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Budget(KEY, 5, Enforcement.SOFT, List.of(101), Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hard(0, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopesRoundTripThroughTheirKeys() {
        for (BudgetScope scope : List.of(BudgetScope.account(), KEY, BudgetScope.endUser("user:with:colons"))) {
            assertThat(BudgetScope.ofKey(scope.key())).isEqualTo(scope);
        }
    }

    @Test
    void aChangeFiresEachThresholdItCrossesOnce() {
        List<Event> events = ChangeEvents.ofBudgetSpend("acct_a", Map.of(KEY, hard(10, Map.of("2026-12", 4))),
                Map.of(KEY, hard(10, Map.of("2026-12", 9))), AT);

        assertThat(events).extracting(Event::type).containsOnly(EventType.BUDGET_THRESHOLD_REACHED);
        assertThat(events).extracting(event -> event.data().get("threshold_percent")).containsExactlyInAnyOrder(50, 80);
        assertThat(events.get(0).data()).containsEntry("scope", "api_key").containsEntry("scope_id", "key_1")
                .containsEntry("month", "2026-12").containsEntry("monthly_credit_limit", 10).containsEntry("spent_credits", 9)
                .containsEntry("enforcement", "hard");
    }

    @Test
    void aReplayedChangeHasTheSameIdsAndAThresholdAlreadyReachedFiresNothing() {
        Map<BudgetScope, Budget> before = Map.of(KEY, hard(10, Map.of("2026-12", 4)));
        Map<BudgetScope, Budget> after = Map.of(KEY, hard(10, Map.of("2026-12", 5)));

        assertThat(ChangeEvents.ofBudgetSpend("acct_a", before, after, AT))
                .isEqualTo(ChangeEvents.ofBudgetSpend("acct_a", before, after, AT.plusSeconds(5)).stream()
                        .map(event -> new Event(event.id(), event.type(), AT, event.accountId(), event.data())).toList());
        assertThat(ChangeEvents.ofBudgetSpend("acct_a", after, Map.of(KEY, hard(10, Map.of("2026-12", 6))), AT)).isEmpty();
    }

    @Test
    void aThresholdReachedAgainAfterARefundKeepsItsIdAndANewMonthHasItsOwn() {
        String firstTime = ChangeEvents.ofBudgetSpend("acct_a", Map.of(KEY, hard(10, Map.of("2026-12", 4))),
                Map.of(KEY, hard(10, Map.of("2026-12", 5))), AT).get(0).id();
        String afterRefund = ChangeEvents.ofBudgetSpend("acct_a", Map.of(KEY, hard(10, Map.of("2026-12", 3))),
                Map.of(KEY, hard(10, Map.of("2026-12", 5))), AT).get(0).id();
        String nextMonth = ChangeEvents.ofBudgetSpend("acct_a", Map.of(KEY, hard(10, Map.of("2026-12", 10))),
                Map.of(KEY, hard(10, Map.of("2027-01", 5))), AT).get(0).id();

        assertThat(afterRefund).isEqualTo(firstTime);
        assertThat(nextMonth).isNotEqualTo(firstTime);
    }
}
