package com.atelier.budgets;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Budgets count calendar months in UTC, as OpenAI's spend limits do (not the account's free-credit
 * months, which follow its sign-up day). A month's spend is kept under its name, so a new month
 * starts from nothing without a reset write.
 */
public final class BudgetMonth {

    private BudgetMonth() {
    }

    /** {@code 2026-12}. */
    public static String of(Instant at) {
        return YearMonth.from(at.atZone(ZoneOffset.UTC)).toString();
    }
}
