package com.atelier.budgets;

/** An account has as many budgets as its item may hold (see {@link BudgetService#MAX_BUDGETS_PER_ACCOUNT}). */
public final class BudgetLimitException extends RuntimeException {

    public BudgetLimitException(int max) {
        super("an account may have at most " + max + " budgets (the account's, its keys' and its end users' together)");
    }
}
