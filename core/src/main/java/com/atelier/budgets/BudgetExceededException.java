package com.atelier.budgets;

/** A hard budget refused a request before anything was charged. */
public final class BudgetExceededException extends RuntimeException {

    private final BudgetScope scope;
    private final int monthlyCreditLimit;
    private final int remainingCredits;
    private final int requestedCredits;

    public BudgetExceededException(BudgetScope scope, int monthlyCreditLimit, int remainingCredits, int requestedCredits) {
        super("the monthly budget of " + scope.describe() + " is " + monthlyCreditLimit + " credits, " + remainingCredits
                + " left this month; this request costs " + requestedCredits);
        this.scope = scope;
        this.monthlyCreditLimit = monthlyCreditLimit;
        this.remainingCredits = remainingCredits;
        this.requestedCredits = requestedCredits;
    }

    public BudgetScope scope() {
        return scope;
    }

    public int monthlyCreditLimit() {
        return monthlyCreditLimit;
    }

    public int remainingCredits() {
        return remainingCredits;
    }

    public int requestedCredits() {
        return requestedCredits;
    }
}
