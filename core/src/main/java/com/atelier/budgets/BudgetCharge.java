package com.atelier.budgets;

import java.util.List;

/**
 * What a debit adds to one budget's spend, and the limit it was checked against: the store's write
 * keeps the limit as read, and for a hard budget the month's spend at most {@code limit - credits}
 * before it, in the same conditional write that takes the credits.
 */
public record BudgetCharge(BudgetScope scope, String month, int credits, int limitRead, Enforcement enforcementRead,
                           List<String> pastMonthsRead) {

    /**
     * @param pastMonthsRead the budget's other months as read: the write drops them, so the item keeps
     *                       one month of spend per budget however long it lives
     */
    public BudgetCharge {
        pastMonthsRead = List.copyOf(pastMonthsRead);
    }

    /** The most this month's spend may be before the debit, for a hard budget. */
    public int maxSpentBefore() {
        return limitRead - credits;
    }
}
