package com.atelier.accounts;

import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetCharge;
import com.atelier.budgets.BudgetScope;
import com.atelier.credits.LowBalanceAlert;
import com.atelier.credits.CreditLot;
import com.atelier.credits.Draw;
import com.atelier.credits.FreeCreditSchedule;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where accounts and their credits are kept. Every change of a balance is one conditional write on
 * the account; each method says the invariant its condition keeps. {@code false} means the condition
 * failed (someone changed the account since it was read, or the fact is already there): nothing was
 * written, and the caller reads again.
 */
public interface CreditAccounts {

    /** Creates the account with its first month's free credits; false when the id is taken. */
    boolean create(String accountId, Set<Role> roles, Optional<String> oidcSubject, Instant now);

    Optional<Account> find(String accountId);

    Optional<Account> findByOidcSubject(String subject);

    /**
     * Starts a new free-credit period: adds its lot and removes the expired free lots (no rollover),
     * only while the period is still the one read, so two readers cannot both grant it.
     */
    boolean startFreePeriod(String accountId, int periodRead, FreeCreditSchedule.Period period,
                            Collection<CreditLot> expiredFreeLots);

    /**
     * Takes the draws for a job: no lot goes below zero or is spent after it expires, a job has at
     * most one open debit, the free period is the one the draws were chosen in, and the account is active.
     */
    default boolean debit(String accountId, String jobId, List<Draw> draws, int periodRead, Instant now) {
        return debit(accountId, jobId, draws, periodRead, now, List.of(), List.of());
    }

    /**
     * A debit that also counts towards budgets, in the same write. Keeps besides: each charged budget
     * still has the limit and enforcement read, a hard one's month spend is at most
     * {@link BudgetCharge#maxSpentBefore()} before it (so concurrent debits never pass the limit), and
     * each scope in {@code unbudgeted} still has no budget (one set meanwhile is not missed). The debit
     * records the budgets it counted in.
     */
    boolean debit(String accountId, String jobId, List<Draw> draws, int periodRead, Instant now,
                  List<BudgetCharge> budgetCharges, List<BudgetScope> unbudgeted);

    /**
     * Gives a job's credits back and marks its debit refunded, only if it is open and not refunded
     * yet, so a second refund finds nothing to do. Lots restored into must still be unexpired; a new
     * lot must not exist yet.
     */
    default boolean refund(String accountId, String jobId, List<Restore> restores, Instant now) {
        return refund(accountId, jobId, restores, now, List.of());
    }

    /**
     * A refund that also gives the debit's credits back to the budgets it counted in, for the month
     * it was taken in, where that month's spend is still there.
     */
    boolean refund(String accountId, String jobId, List<Restore> restores, Instant now, List<BudgetCharge> givenBack);

    /**
     * Creates a budget with no spend, only if the scope has none and the account has fewer than
     * {@code maxBudgets}; or, when {@code replacing}, changes an existing one's limit, enforcement and
     * thresholds, keeping its spend. false when the condition fails or the account is missing.
     */
    boolean putBudget(String accountId, Budget budget, boolean replacing, int maxBudgets);

    /** Removes a budget and its spend; false when there is none. */
    boolean removeBudget(String accountId, BudgetScope scope);

    /**
     * Removes a debit whose outcome the ledger records (kept for images, or refunded) from the open
     * debits, only if it is open and refunded exactly when {@code refunded} says.
     */
    boolean closeDebit(String accountId, String jobId, boolean refunded);

    /** Adds a purchased or granted lot; false when the account is missing or the lot exists (a replay). */
    boolean addLot(String accountId, CreditLot lot);

    /** Removes an expired lot, only if it still holds what the ledger recorded as expired. */
    boolean removeExpiredLot(String accountId, CreditLot lot, Instant now);

    /** false when the account does not exist. */
    boolean setStatus(String accountId, AccountStatus status);

    /**
     * Sets the balance under which the account hears of it ({@code credits.low}), or clears it, on the
     * account's item, where the change feed reads it beside the balance. false when the account does not exist.
     */
    boolean setLowBalanceAlert(String accountId, Optional<LowBalanceAlert> alert);

    /** The account's low-balance alert, if it set one. */
    Optional<LowBalanceAlert> lowBalanceAlert(String accountId);

    /** Where a refunded draw goes: back into its lot, or into a new lot when that one has expired. */
    sealed interface Restore permits Restore.IntoLot, Restore.AsNewLot {
        String drawnLotId();

        String targetLotId();

        int amount();

        record IntoLot(String lotId, int amount) implements Restore {
            @Override
            public String drawnLotId() {
                return lotId;
            }

            @Override
            public String targetLotId() {
                return lotId;
            }
        }

        record AsNewLot(String drawnLotId, CreditLot lot) implements Restore {
            @Override
            public String targetLotId() {
                return lot.lotId();
            }

            @Override
            public int amount() {
                return lot.amount();
            }
        }
    }
}
