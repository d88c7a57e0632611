package com.atelier.accounts;

import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetScope;
import com.atelier.credits.CreditLot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An account as the rest of the system sees it: who it is, its credit lots and the debits of its
 * unfinished jobs, and its budgets with their spend. Closed debits are not kept: a replayed request finds its job record instead, so the
 * account stays small whatever its volume.
 */
public record Account(String accountId, Instant createdAt, Set<Role> roles, AccountStatus status,
                      Optional<String> oidcSubject, int freePeriod, List<CreditLot> lots,
                      Map<String, OpenDebit> openDebits, Map<BudgetScope, Budget> budgets) {

    public Account {
        roles = Set.copyOf(roles);
        lots = List.copyOf(lots);
        openDebits = Map.copyOf(openDebits);
        budgets = Map.copyOf(budgets);
    }

    /** An account with no budgets. */
    public Account(String accountId, Instant createdAt, Set<Role> roles, AccountStatus status,
                   Optional<String> oidcSubject, int freePeriod, List<CreditLot> lots, Map<String, OpenDebit> openDebits) {
        this(accountId, createdAt, roles, status, oidcSubject, freePeriod, lots, openDebits, Map.of());
    }

    public Optional<Budget> budget(BudgetScope scope) {
        return Optional.ofNullable(budgets.get(scope));
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    public boolean isActive() {
        return status == AccountStatus.ACTIVE;
    }
}
