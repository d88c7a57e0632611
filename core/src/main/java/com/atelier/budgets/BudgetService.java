package com.atelier.budgets;

import com.atelier.accounts.Account;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.Ledger;
import com.atelier.credits.LedgerEntry;
import com.atelier.credits.LedgerEntryType;
import com.atelier.credits.UnknownAccountException;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Sets, lists and removes an account's monthly credit budgets. They live on the account item, beside
 * the lots, so that the debit checks and counts them in its one conditional write
 * ({@link com.atelier.accounts.CreditService#charge}); each change is one conditional write there and
 * an entry in the ledger naming what changed.
 */
public final class BudgetService {

    /**
     * Budgets one account may have, its own, its keys' and its end users' together: each is about 120
     * bytes on the account item (a few hundred with a 256-character end-user id), which every request
     * reads; 50 keep the item within its 64 KB budget beside 500 open debits (docs/capacity.md).
     */
    public static final int MAX_BUDGETS_PER_ACCOUNT = 50;
    private static final int MAX_ATTEMPTS = 10;

    private final CreditAccounts accounts;
    private final Ledger ledger;
    private final Clock clock;

    public BudgetService(CreditAccounts accounts, Ledger ledger, Clock clock) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The account's budgets: the account's first, then keys', then end users', each by id. */
    public List<Budget> list(Account account) {
        return account.budgets().values().stream()
                .sorted(Comparator.comparing((Budget budget) -> budget.scope().kind()).thenComparing(budget -> budget.scope().id()))
                .toList();
    }

    public Optional<Budget> find(Account account, BudgetScope scope) {
        return account.budget(scope);
    }

    /**
     * Creates or changes the budget of a scope; a change keeps the month's spend.
     *
     * @param read the account as the caller read it
     * @throws BudgetLimitException when creating one more than {@link #MAX_BUDGETS_PER_ACCOUNT}
     */
    public Budget set(Account read, BudgetScope scope, int monthlyCreditLimit, Enforcement enforcement,
                      List<Integer> thresholdsPercent) {
        Account account = read;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Budget> existing = account.budget(scope);
            Budget budget = existing.map(found -> found.withSettings(monthlyCreditLimit, enforcement, thresholdsPercent))
                    .orElseGet(() -> new Budget(scope, monthlyCreditLimit, enforcement, thresholdsPercent, Map.of()));
            if (existing.isEmpty() && account.budgets().size() >= MAX_BUDGETS_PER_ACCOUNT) {
                throw new BudgetLimitException(MAX_BUDGETS_PER_ACCOUNT);
            }
            if (accounts.putBudget(account.accountId(), budget, existing.isPresent(), MAX_BUDGETS_PER_ACCOUNT)) {
                audit(account.accountId(), LedgerEntryType.BUDGET_SET, scope, "monthly_credit_limit=" + monthlyCreditLimit
                        + " enforcement=" + enforcement.wireName() + " thresholds=" + budget.thresholdsPercent().stream()
                        .map(String::valueOf).collect(Collectors.joining(",")));
                return budget;
            }
            // Created or removed meanwhile, or the cap reached: decide again on what is there now.
            account = accounts.find(account.accountId()).orElseThrow(() -> new UnknownAccountException(read.accountId()));
        }
        throw new IllegalStateException("the budgets of " + read.accountId() + " kept changing");
    }

    /** @return false when the scope had no budget */
    public boolean remove(Account account, BudgetScope scope) {
        if (!accounts.removeBudget(account.accountId(), scope)) {
            return false;
        }
        audit(account.accountId(), LedgerEntryType.BUDGET_REMOVED, scope, "removed");
        return true;
    }

    /** The entry's reference names the scope, the moment and what was set, so each change is one entry. */
    private void audit(String accountId, LedgerEntryType type, BudgetScope scope, String change) {
        Instant now = clock.instant();
        ledger.record(new LedgerEntry(accountId, type, scope.key() + "@" + now.toEpochMilli() + " " + change, now, Map.of()));
    }
}
