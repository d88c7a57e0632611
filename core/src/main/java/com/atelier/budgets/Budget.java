package com.atelier.budgets;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A monthly credit limit on a scope, with its month-by-month spend as the account item keeps it
 * (only the months since the budget last changed spend are there).
 *
 * @param thresholdsPercent the percentages of the limit at which a {@code budget.threshold_reached}
 *                          event is sent, once each per month
 */
public record Budget(BudgetScope scope, int monthlyCreditLimit, Enforcement enforcement, List<Integer> thresholdsPercent,
                     Map<String, Integer> spentByMonth) {

    public static final List<Integer> DEFAULT_THRESHOLDS_PERCENT = List.of(50, 80, 100);
    /** Thresholds one budget may have: each is a number on the account item that every request reads. */
    public static final int MAX_THRESHOLDS = 10;

    public Budget {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(enforcement, "enforcement");
        if (monthlyCreditLimit < 1) {
            throw new IllegalArgumentException("a monthly credit limit is at least 1");
        }
        thresholdsPercent = thresholdsPercent.stream().distinct().sorted().toList();
        if (thresholdsPercent.size() > MAX_THRESHOLDS || thresholdsPercent.stream().anyMatch(t -> t < 1 || t > 100)) {
            throw new IllegalArgumentException("thresholds are at most " + MAX_THRESHOLDS + " percentages from 1 to 100");
        }
        spentByMonth = Map.copyOf(spentByMonth);
    }

    public int spentIn(String month) {
        return spentByMonth.getOrDefault(month, 0);
    }

    /** Credits still allowed this month; 0 once spent (a soft budget may be spent beyond its limit). */
    public int remainingIn(String month) {
        return Math.max(0, monthlyCreditLimit - spentIn(month));
    }

    /** Whether a hard budget refuses {@code credits} more this month. */
    public boolean refuses(int credits, String month) {
        return enforcement == Enforcement.HARD && spentIn(month) + credits > monthlyCreditLimit;
    }

    /** The thresholds that {@code spent} has reached: spent is at least that share of the limit. */
    public List<Integer> thresholdsReachedBy(int spent) {
        return thresholdsPercent.stream().filter(percent -> (long) spent * 100 >= (long) percent * monthlyCreditLimit).toList();
    }

    /** The same budget with other settings, its spend kept. */
    public Budget withSettings(int limit, Enforcement newEnforcement, List<Integer> thresholds) {
        return new Budget(scope, limit, newEnforcement, thresholds, spentByMonth);
    }
}
