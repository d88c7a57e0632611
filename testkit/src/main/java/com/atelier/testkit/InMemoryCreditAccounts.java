package com.atelier.testkit;

import com.atelier.credits.LowBalanceAlert;
import com.atelier.accounts.Account;
import com.atelier.accounts.AccountStatus;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.OpenDebit;
import com.atelier.accounts.Role;
import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetCharge;
import com.atelier.budgets.BudgetScope;
import com.atelier.budgets.Enforcement;
import com.atelier.credits.CreditLot;
import com.atelier.credits.Draw;
import com.atelier.credits.FreeCreditSchedule;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The accounts table as a map of immutable accounts. Each write is one {@link ConcurrentHashMap#compute}
 * on the account that holds under exactly the conditions of {@code DynamoDbCreditAccounts}' UpdateItem,
 * so a lost race answers {@code false} here as it does there. Instants are kept to the millisecond.
 */
public final class InMemoryCreditAccounts implements CreditAccounts {

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, LowBalanceAlert> lowBalanceAlerts = new ConcurrentHashMap<>();

    @Override
    public boolean setLowBalanceAlert(String accountId, Optional<LowBalanceAlert> alert) {
        if (!accounts.containsKey(accountId)) {
            return false;
        }
        alert.ifPresentOrElse(set -> lowBalanceAlerts.put(accountId, set), () -> lowBalanceAlerts.remove(accountId));
        return true;
    }

    @Override
    public Optional<LowBalanceAlert> lowBalanceAlert(String accountId) {
        return Optional.ofNullable(lowBalanceAlerts.get(accountId));
    }

    @Override
    public boolean create(String accountId, Set<Role> roles, Optional<String> oidcSubject, Instant now) {
        Instant createdAt = millis(now);
        FreeCreditSchedule.Period first = FreeCreditSchedule.period(createdAt, 0);
        Account account = new Account(accountId, createdAt, roles, AccountStatus.ACTIVE, oidcSubject, first.index(),
                List.of(first.lot()), Map.of());
        return accounts.putIfAbsent(accountId, account) == null;
    }

    @Override
    public Optional<Account> find(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    @Override
    public Optional<Account> findByOidcSubject(String subject) {
        return accounts.values().stream().filter(account -> account.oidcSubject().filter(subject::equals).isPresent())
                .findFirst();
    }

    @Override
    public boolean startFreePeriod(String accountId, int periodRead, FreeCreditSchedule.Period period,
                                   Collection<CreditLot> expiredFreeLots) {
        return update(accountId, account -> {
            // Only while the period is still the one read, so two readers cannot both grant it.
            if (account.freePeriod() != periodRead) {
                return null;
            }
            Map<String, CreditLot> lots = lots(account);
            lots.put(period.lotId(), period.lot());
            expiredFreeLots.forEach(expired -> lots.remove(expired.lotId()));
            return with(account, period.index(), lots, account.openDebits());
        });
    }

    @Override
    public boolean debit(String accountId, String jobId, List<Draw> draws, int periodRead, Instant now,
                         List<BudgetCharge> budgetCharges, List<BudgetScope> unbudgeted) {
        Instant at = millis(now);
        return update(accountId, account -> {
            Map<BudgetScope, Budget> budgets = new LinkedHashMap<>(account.budgets());
            for (BudgetCharge charge : budgetCharges) {
                Budget budget = budgets.get(charge.scope());
                // The limit and enforcement read still hold; a hard budget's month spend stays within its limit.
                if (budget == null || budget.monthlyCreditLimit() != charge.limitRead()
                        || budget.enforcement() != charge.enforcementRead()
                        || (charge.enforcementRead() == Enforcement.HARD && budget.spentIn(charge.month()) > charge.maxSpentBefore())) {
                    return null;
                }
                Map<String, Integer> spent = new LinkedHashMap<>(budget.spentByMonth());
                charge.pastMonthsRead().forEach(spent::remove);
                spent.merge(charge.month(), charge.credits(), Integer::sum);
                budgets.put(charge.scope(), new Budget(budget.scope(), budget.monthlyCreditLimit(), budget.enforcement(),
                        budget.thresholdsPercent(), spent));
            }
            // A budget set since the read is not missed.
            if (unbudgeted.stream().anyMatch(budgets::containsKey)) {
                return null;
            }
            Map<String, CreditLot> lots = lots(account);
            for (Draw draw : draws) {
                CreditLot lot = lots.get(draw.lotId());
                // No lot goes below zero or is spent after it expires.
                if (lot == null || lot.remaining() < draw.amount() || lot.expiredAt(at)) {
                    return null;
                }
                lots.put(lot.lotId(), withRemaining(lot, lot.remaining() - draw.amount()));
            }
            // A job has at most one open debit; the period is the one the draws were chosen in; the account is active.
            if (account.openDebits().containsKey(jobId) || account.freePeriod() != periodRead || !account.isActive()) {
                return null;
            }
            Map<String, OpenDebit> debits = new LinkedHashMap<>(account.openDebits());
            debits.put(jobId, new OpenDebit(stored(draws), at, Optional.empty(), Map.of(),
                    budgetCharges.stream().map(BudgetCharge::scope).toList()));
            return with(account, account.freePeriod(), lots, debits, budgets);
        });
    }

    @Override
    public boolean refund(String accountId, String jobId, List<Restore> restores, Instant now, List<BudgetCharge> givenBack) {
        Instant at = millis(now);
        return update(accountId, account -> {
            OpenDebit debit = account.openDebits().get(jobId);
            // Only an open debit not refunded yet: a second refund finds nothing to do.
            if (debit == null || debit.isRefunded()) {
                return null;
            }
            Map<String, CreditLot> lots = lots(account);
            Map<String, String> restoredTo = new LinkedHashMap<>();
            for (Restore restore : restores) {
                restoredTo.put(restore.drawnLotId(), restore.targetLotId());
                if (restore instanceof Restore.IntoLot into) {
                    CreditLot lot = lots.get(into.lotId());
                    // Credits go back only into a lot that is still unexpired.
                    if (lot == null || lot.expiredAt(at)) {
                        return null;
                    }
                    lots.put(lot.lotId(), withRemaining(lot, lot.remaining() + into.amount()));
                } else if (restore instanceof Restore.AsNewLot asNew) {
                    // A new lot must not exist yet.
                    if (lots.containsKey(asNew.lot().lotId())) {
                        return null;
                    }
                    lots.put(asNew.lot().lotId(), millis(asNew.lot()));
                }
            }
            Map<BudgetScope, Budget> budgets = new LinkedHashMap<>(account.budgets());
            for (BudgetCharge charge : givenBack) {
                Budget budget = budgets.get(charge.scope());
                // Only into a month spend that is still there.
                if (budget == null || !budget.spentByMonth().containsKey(charge.month())) {
                    return null;
                }
                Map<String, Integer> spent = new LinkedHashMap<>(budget.spentByMonth());
                spent.merge(charge.month(), -charge.credits(), Integer::sum);
                budgets.put(charge.scope(), new Budget(budget.scope(), budget.monthlyCreditLimit(), budget.enforcement(),
                        budget.thresholdsPercent(), spent));
            }
            Map<String, OpenDebit> debits = new LinkedHashMap<>(account.openDebits());
            debits.put(jobId, new OpenDebit(debit.draws(), debit.takenAt(), Optional.of(at), restoredTo, debit.budgeted()));
            return with(account, account.freePeriod(), lots, debits, budgets);
        });
    }

    @Override
    public boolean putBudget(String accountId, Budget budget, boolean replacing, int maxBudgets) {
        return update(accountId, account -> {
            Budget existing = account.budgets().get(budget.scope());
            // A change finds the budget there and keeps its spend; a creation finds none, and room for it.
            if (replacing ? existing == null : existing != null || account.budgets().size() >= maxBudgets) {
                return null;
            }
            Map<BudgetScope, Budget> budgets = new LinkedHashMap<>(account.budgets());
            budgets.put(budget.scope(), new Budget(budget.scope(), budget.monthlyCreditLimit(), budget.enforcement(),
                    budget.thresholdsPercent(), replacing ? existing.spentByMonth() : Map.of()));
            return with(account, account.freePeriod(), lots(account), account.openDebits(), budgets);
        });
    }

    @Override
    public boolean removeBudget(String accountId, BudgetScope scope) {
        return update(accountId, account -> {
            if (!account.budgets().containsKey(scope)) {
                return null;
            }
            Map<BudgetScope, Budget> budgets = new LinkedHashMap<>(account.budgets());
            budgets.remove(scope);
            return with(account, account.freePeriod(), lots(account), account.openDebits(), budgets);
        });
    }

    @Override
    public boolean closeDebit(String accountId, String jobId, boolean refunded) {
        return update(accountId, account -> {
            OpenDebit debit = account.openDebits().get(jobId);
            // Only an open debit, refunded exactly when the caller says.
            if (debit == null || debit.isRefunded() != refunded) {
                return null;
            }
            Map<String, OpenDebit> debits = new LinkedHashMap<>(account.openDebits());
            debits.remove(jobId);
            return with(account, account.freePeriod(), lots(account), debits);
        });
    }

    @Override
    public boolean addLot(String accountId, CreditLot lot) {
        return update(accountId, account -> {
            // A replayed purchase or grant finds its lot there.
            if (account.lots().stream().anyMatch(existing -> existing.lotId().equals(lot.lotId()))) {
                return null;
            }
            Map<String, CreditLot> lots = lots(account);
            lots.put(lot.lotId(), millis(lot));
            return with(account, account.freePeriod(), lots, account.openDebits());
        });
    }

    @Override
    public boolean removeExpiredLot(String accountId, CreditLot lot, Instant now) {
        Instant at = millis(now);
        return update(accountId, account -> {
            Map<String, CreditLot> lots = lots(account);
            CreditLot stored = lots.get(lot.lotId());
            // Only an expired lot that still holds what the ledger recorded as expired.
            if (stored == null || !stored.expiredAt(at) || stored.remaining() != lot.remaining()) {
                return null;
            }
            lots.remove(lot.lotId());
            return with(account, account.freePeriod(), lots, account.openDebits());
        });
    }

    @Override
    public boolean setStatus(String accountId, AccountStatus status) {
        return update(accountId, account -> new Account(account.accountId(), account.createdAt(), account.roles(), status,
                account.oidcSubject(), account.freePeriod(), account.lots(), account.openDebits(), account.budgets()));
    }

    /** Applies a conditional change atomically; the change answers null when its condition fails or the account is missing. */
    private boolean update(String accountId, UnaryOperator<Account> change) {
        AtomicBoolean written = new AtomicBoolean();
        accounts.computeIfPresent(accountId, (id, account) -> {
            Account next = change.apply(account);
            if (next == null) {
                return account;
            }
            written.set(true);
            return next;
        });
        return written.get();
    }

    private static Map<String, CreditLot> lots(Account account) {
        Map<String, CreditLot> lots = new LinkedHashMap<>();
        account.lots().forEach(lot -> lots.put(lot.lotId(), lot));
        return lots;
    }

    private static Account with(Account account, int freePeriod, Map<String, CreditLot> lots, Map<String, OpenDebit> debits) {
        return with(account, freePeriod, lots, debits, account.budgets());
    }

    private static Account with(Account account, int freePeriod, Map<String, CreditLot> lots, Map<String, OpenDebit> debits,
                                Map<BudgetScope, Budget> budgets) {
        return new Account(account.accountId(), account.createdAt(), account.roles(), account.status(),
                account.oidcSubject(), freePeriod, new ArrayList<>(lots.values()), debits, budgets);
    }

    private static CreditLot withRemaining(CreditLot lot, int remaining) {
        return new CreditLot(lot.lotId(), lot.kind(), lot.amount(), remaining, lot.grantedAt(), lot.expiresAt());
    }

    /** The debit keeps one draw per lot, as the table's map keyed by lot id does. */
    private static List<Draw> stored(List<Draw> draws) {
        Map<String, Draw> byLot = new LinkedHashMap<>();
        for (Draw draw : draws) {
            if (byLot.putIfAbsent(draw.lotId(), new Draw(draw.lotId(), draw.kind(), millis(draw.expiresAt()),
                    draw.amount())) != null) {
                // DynamoDB refuses an update that sets one path twice; so does this.
                throw new IllegalArgumentException("two draws from lot " + draw.lotId());
            }
        }
        return List.copyOf(byLot.values());
    }

    private static CreditLot millis(CreditLot lot) {
        return new CreditLot(lot.lotId(), lot.kind(), lot.amount(), lot.remaining(), millis(lot.grantedAt()),
                millis(lot.expiresAt()));
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
