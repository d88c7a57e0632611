package com.atelier.accounts;

import com.atelier.billing.PackPurchase;
import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetCharge;
import com.atelier.budgets.BudgetExceededException;
import com.atelier.budgets.BudgetMonth;
import com.atelier.budgets.BudgetScope;
import com.atelier.credits.Balance;
import com.atelier.credits.CreditContentionException;
import com.atelier.credits.CreditKind;
import com.atelier.credits.ExpiredGrantReplayException;
import com.atelier.credits.CreditLot;
import com.atelier.credits.Draw;
import com.atelier.credits.FreeCreditSchedule;
import com.atelier.credits.InsufficientCreditsException;
import com.atelier.credits.LedgerEntry;
import com.atelier.credits.LedgerEntryType;
import com.atelier.credits.LotSelection;
import com.atelier.credits.LowBalanceAlert;
import com.atelier.logging.JsonLog;
import com.atelier.credits.TooManyOpenJobsException;
import com.atelier.credits.UnknownAccountException;
import com.atelier.jobs.JobAttribution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The credit rules applied to stored accounts: lazy free refills, debits that take the lots expiring
 * first, refunds that give back exactly what was taken, purchases and grants, each a single
 * conditional write on the account plus a ledger entry with a deterministic key.
 *
 * <p>A debit is one write on the account and nothing else: its ledger entry is written when the job's
 * outcome closes the debit ({@link #settle}, {@link #refund}) or by {@link #reconcile}, from what the
 * account records, so a crash anywhere is repaired from the account alone. Until then the history
 * shows the open debit as pending ({@link #history}). Facts fixed before their write (a free refill,
 * an expiry) are recorded in the ledger first.
 */
public final class CreditService {

    /**
     * A refunded credit whose lot expired meanwhile comes back as a new lot of the same kind valid this
     * long: the user did not get the images, so they do not lose the credit either.
     */
    public static final Duration REFUND_LOT_VALIDITY = Duration.ofDays(30);
    /**
     * Unfinished jobs one account may have at once. Their debits live on the account item (about 108
     * bytes each), which every request of the account reads and each debit rewrites: at 500 the item
     * stays under 64 KB with every debit open (docs/capacity.md), far from DynamoDB's 400 KB limit.
     */
    public static final int MAX_OPEN_JOBS = 500;
    static final int MAX_ATTEMPTS = 100;
    private static final long BACKOFF_BASE_MILLIS = 2;
    private static final long BACKOFF_CAP_MILLIS = 100;

    private final CreditAccounts accounts;
    private final Ledger ledger;
    private final Clock clock;

    public CreditService(CreditAccounts accounts, Ledger ledger, Clock clock) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Opens an account with its first month's free credits; false when the id is taken. */
    public boolean openAccount(String accountId, Set<Role> roles, Optional<String> oidcSubject) {
        Instant now = clock.instant();
        if (!accounts.create(accountId, roles, oidcSubject, now)) {
            return false;
        }
        // The account keeps its creation time in milliseconds: the first period starts from that, not from nanoseconds.
        FreeCreditSchedule.Period first = FreeCreditSchedule.period(Instant.ofEpochMilli(now.toEpochMilli()), 0);
        ledger.record(new LedgerEntry(accountId, LedgerEntryType.FREE_GRANT, first.lotId(), first.start(),
                Map.of(first.lotId(), first.credits())));
        return true;
    }

    /**
     * Sets or clears the balance under which the account hears {@code credits.low}; each change is
     * logged as an audit line (the account and the threshold it set).
     *
     * @throws UnknownAccountException when there is no such account
     */
    public Optional<LowBalanceAlert> setLowBalanceAlert(String accountId, Optional<LowBalanceAlert> alert) {
        if (!accounts.setLowBalanceAlert(accountId, alert)) {
            throw new UnknownAccountException(accountId);
        }
        JsonLog.info("low_balance_alert_set", JsonLog.fields().put("accountId", accountId)
                .put("thresholdCredits", alert.map(set -> String.valueOf(set.thresholdCredits())).orElse("none")));
        return alert;
    }

    public Optional<LowBalanceAlert> lowBalanceAlert(String accountId) {
        return accounts.lowBalanceAlert(accountId);
    }

    public Balance balance(String accountId) {
        return balance(find(accountId));
    }

    /** The balance of an account the caller has just read (its authentication, say): no second read. */
    public Balance balance(Account read) {
        Account account = current(read);
        Instant now = clock.instant();
        List<CreditLot> usable = account.lots().stream().filter(lot -> lot.usableAt(now))
                .sorted(LotSelection.SPENDING_ORDER).toList();
        Instant nextRefill = FreeCreditSchedule.period(account.createdAt(), account.freePeriod()).end();
        return new Balance(usable, nextRefill);
    }

    /** What a charge did: took credits now, or found the job already paid for. */
    public record Charge(List<Draw> draws, boolean alreadyPaid) {
        public int credits() {
            return draws.stream().mapToInt(Draw::amount).sum();
        }
    }

    /** Takes {@code credits} for a job of no key or end user: only the account's budget applies. */
    public Charge charge(Account read, String jobId, int credits) {
        return charge(read, jobId, credits, Optional.empty(), Optional.empty());
    }

    /**
     * Takes {@code credits} for a job, once: a job whose debit is open is answered as already paid.
     * The budgets of the account, of the key and of the end user count the credits in the same write,
     * a hard one refusing what would pass its limit this month. Starts from the account as the caller
     * read it; lost races read again and retry with jittered exponential backoff.
     *
     * @throws InsufficientCreditsException when the usable lots hold fewer credits; nothing is taken
     * @throws TooManyOpenJobsException     when the account has {@link #MAX_OPEN_JOBS} unfinished jobs
     * @throws BudgetExceededException      when a hard budget would pass its limit; nothing is taken
     */
    public Charge charge(Account read, String jobId, int credits, Optional<String> apiKeyId, Optional<String> endUser) {
        List<BudgetScope> scopes = new ArrayList<>();
        scopes.add(BudgetScope.account());
        apiKeyId.map(BudgetScope::apiKey).ifPresent(scopes::add);
        endUser.map(BudgetScope::endUser).ifPresent(scopes::add);
        Account account = read;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            account = current(account);
            OpenDebit open = account.openDebits().get(jobId);
            if (open != null) {
                return new Charge(open.draws(), true);
            }
            if (account.openDebits().size() >= MAX_OPEN_JOBS) {
                throw new TooManyOpenJobsException(MAX_OPEN_JOBS);
            }
            Instant now = clock.instant();
            String month = BudgetMonth.of(now);
            List<BudgetCharge> budgetCharges = new ArrayList<>();
            List<BudgetScope> unbudgeted = new ArrayList<>();
            for (BudgetScope scope : scopes) {
                Optional<Budget> budget = account.budget(scope);
                if (budget.isEmpty()) {
                    unbudgeted.add(scope);
                } else if (budget.get().refuses(credits, month)) {
                    throw new BudgetExceededException(scope, budget.get().monthlyCreditLimit(),
                            budget.get().remainingIn(month), credits);
                } else {
                    budgetCharges.add(new BudgetCharge(scope, month, credits, budget.get().monthlyCreditLimit(),
                            budget.get().enforcement(), budget.get().spentByMonth().keySet().stream()
                            .filter(other -> !other.equals(month)).toList()));
                }
            }
            Optional<List<Draw>> draws = LotSelection.choose(account.lots(), credits, now);
            if (draws.isEmpty()) {
                throw new InsufficientCreditsException(credits, LotSelection.usableBalance(account.lots(), now));
            }
            if (accounts.debit(account.accountId(), jobId, draws.get(), account.freePeriod(), now, budgetCharges, unbudgeted)) {
                return new Charge(draws.get(), false);
            }
            backOff(attempt);
            account = find(account.accountId());
        }
        throw new CreditContentionException(account.accountId(), MAX_ATTEMPTS);
    }

    /**
     * Gives back exactly what a job took and closes its debit. A job with no open debit (never
     * charged, settled, or refunded already) is left alone: a second refund does nothing. The ledger's
     * entries name the job's key, end user and model.
     *
     * @return whether this call found an open debit to refund or finish refunding
     */
    public boolean refund(String accountId, String jobId, JobAttribution attribution) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Account account = find(accountId);
            OpenDebit debit = account.openDebits().get(jobId);
            if (debit == null) {
                return false;
            }
            if (!debit.isRefunded()) {
                Instant now = clock.instant();
                List<CreditAccounts.Restore> restores = restores(account, jobId, debit, now);
                if (!accounts.refund(accountId, jobId, restores, now, budgetGiveBacks(account, debit, now))) {
                    backOff(attempt);
                    continue;
                }
                Map<String, String> restoredTo = new LinkedHashMap<>();
                restores.forEach(restore -> restoredTo.put(restore.drawnLotId(), restore.targetLotId()));
                debit = new OpenDebit(debit.draws(), debit.takenAt(), Optional.of(now), restoredTo, debit.budgeted());
            }
            finishRefund(accountId, jobId, debit, Optional.of(attribution));
            return true;
        }
        throw new CreditContentionException(accountId, MAX_ATTEMPTS);
    }

    /**
     * The job made its images: the debit is final; its ledger entry, naming the job's key, end user and
     * model, is written and it leaves the account.
     */
    public void settle(String accountId, String jobId, JobAttribution attribution) {
        OpenDebit debit = find(accountId).openDebits().get(jobId);
        if (debit == null || debit.isRefunded()) {
            return;
        }
        ledger.record(debit.debitEntry(accountId, jobId).attributedTo(attribution));
        accounts.closeDebit(accountId, jobId, false);
    }

    /** Adds the packs of a paid checkout, once per payment id. @return false for a replayed payment */
    public boolean purchase(PackPurchase purchase) {
        Instant now = clock.instant();
        CreditLot lot = new CreditLot("paid-" + purchase.paymentId(), CreditKind.PAID, purchase.credits(),
                purchase.credits(), now, now.atZone(ZoneOffset.UTC).plus(PackPurchase.VALIDITY).toInstant());
        return addLot(purchase.accountId(), lot, LedgerEntryType.PURCHASE, purchase.paymentId());
    }

    /** What a grant id stands for: the lot granted under it, and whether this call granted it. */
    public record Grant(CreditLot lot, boolean created) {
    }

    /**
     * Adds an artist grant approved by an admin, once per grant id. A replay grants nothing, whatever
     * amount it asks for, and answers the lot that was granted.
     *
     * @throws ExpiredGrantReplayException for a replay of a grant that has expired and left the account
     */
    public Grant grant(String accountId, String grantId, int credits, Instant expiresAt) {
        Instant now = clock.instant();
        if (credits < 1 || !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("a grant gives at least one credit and expires in the future");
        }
        CreditLot lot = new CreditLot("grant-" + grantId, CreditKind.GRANT, credits, credits, now, expiresAt);
        if (addLot(accountId, lot, LedgerEntryType.GRANT, grantId)) {
            return new Grant(lot, true);
        }
        return new Grant(lotInAccount(accountId, lot.lotId()).orElseThrow(() -> new ExpiredGrantReplayException(grantId)),
                false);
    }

    private boolean addLot(String accountId, CreditLot lot, LedgerEntryType type, String reference) {
        if (ledger.contains(accountId, new LedgerEntry(accountId, type, reference, lot.grantedAt(), Map.of()).entryId())) {
            return false;
        }
        // A lot already there is one a crash left unrecorded: the ledger records it as it was added.
        CreditLot added = accounts.addLot(accountId, lot) ? lot : lotInAccount(accountId, lot.lotId()).orElseThrow(
                () -> new IllegalStateException("lot " + lot.lotId() + " could not be added to " + accountId));
        ledger.record(new LedgerEntry(accountId, type, reference, added.grantedAt(), Map.of(added.lotId(), added.amount())));
        return true;
    }

    private Optional<CreditLot> lotInAccount(String accountId, String lotId) {
        return find(accountId).lots().stream().filter(existing -> existing.lotId().equals(lotId)).findFirst();
    }

    /**
     * One page of the account's history, newest first. The first page starts with the debits of its
     * unfinished jobs, marked pending: their entries are written when the jobs finish.
     */
    public History history(Account account, int limit, Optional<String> cursor) {
        Ledger.LedgerPage page = ledger.page(account.accountId(), limit, cursor);
        List<LedgerEntry> pending = cursor.isPresent() ? List.of() : account.openDebits().entrySet().stream()
                .filter(open -> !open.getValue().isRefunded())
                .map(open -> open.getValue().debitEntry(account.accountId(), open.getKey()))
                .filter(entry -> page.entries().stream().noneMatch(recorded -> recorded.entryId().equals(entry.entryId())))
                .sorted(Comparator.comparing(LedgerEntry::occurredAt).reversed())
                .toList();
        return new History(pending, page.entries(), page.nextCursor());
    }

    /** A page of history: the pending debits (first page only), then the recorded entries. */
    public record History(List<LedgerEntry> pending, List<LedgerEntry> recorded, Optional<String> nextCursor) {
    }

    /**
     * Settles what a crash may have left half done on this account: an open debit refunded but not
     * yet recorded is recorded and closed; the other open debits are returned, for the caller to match
     * against its jobs.
     */
    public Map<String, List<Draw>> reconcile(String accountId) {
        Account account = current(find(accountId));
        Map<String, List<Draw>> open = new LinkedHashMap<>();
        account.openDebits().forEach((jobId, debit) -> {
            if (debit.isRefunded()) {
                // Crash repair knows the account only: these entries name no key or end user.
                finishRefund(accountId, jobId, debit, Optional.empty());
            } else {
                open.put(jobId, debit.draws());
            }
        });
        return open;
    }

    private Account find(String accountId) {
        return accounts.find(accountId).orElseThrow(() -> new UnknownAccountException(accountId));
    }

    /** The account as of now: this period's free credits granted, expired lots recorded and removed. */
    Account current(Account read) {
        Account account = read;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            FreeCreditSchedule.Period period = FreeCreditSchedule.periodAt(account.createdAt(), now);
            if (period.index() > account.freePeriod()) {
                List<CreditLot> expiredFree = account.lots().stream()
                        .filter(lot -> lot.kind() == CreditKind.FREE && lot.expiredAt(now)).toList();
                String accountId = account.accountId();
                expiredFree.forEach(lot -> recordExpiry(accountId, lot));
                ledger.record(new LedgerEntry(accountId, LedgerEntryType.FREE_GRANT, period.lotId(), period.start(),
                        Map.of(period.lotId(), period.credits())));
                if (!accounts.startFreePeriod(accountId, account.freePeriod(), period, expiredFree)) {
                    backOff(attempt);
                }
                account = find(accountId);
                continue;
            }
            List<CreditLot> expired = account.lots().stream().filter(lot -> lot.expiredAt(now)).toList();
            if (expired.isEmpty()) {
                return account;
            }
            for (CreditLot lot : expired) {
                recordExpiry(account.accountId(), lot);
                accounts.removeExpiredLot(account.accountId(), lot, now);
            }
            account = find(account.accountId());
        }
        throw new CreditContentionException(account.accountId(), MAX_ATTEMPTS);
    }

    private void recordExpiry(String accountId, CreditLot lot) {
        if (lot.remaining() > 0) {
            ledger.record(new LedgerEntry(accountId, LedgerEntryType.EXPIRY, lot.lotId(), lot.expiresAt(),
                    Map.of(lot.lotId(), -lot.remaining())));
        }
    }

    /**
     * Records a refund the account has made, from what it recorded — the debit's own entry first, so
     * that the history holds both — then closes the debit.
     */
    private void finishRefund(String accountId, String jobId, OpenDebit refunded, Optional<JobAttribution> attribution) {
        LedgerEntry debit = refunded.debitEntry(accountId, jobId);
        LedgerEntry refund = refunded.refundEntry(accountId, jobId);
        ledger.record(attribution.map(debit::attributedTo).orElse(debit));
        ledger.record(attribution.map(refund::attributedTo).orElse(refund));
        accounts.closeDebit(accountId, jobId, true);
    }

    /**
     * A refund in the month of its debit gives the credits back to each budget the debit counted in
     * and that still has that month's spend; a later refund leaves past months as they were spent.
     */
    private static List<BudgetCharge> budgetGiveBacks(Account account, OpenDebit debit, Instant now) {
        String month = BudgetMonth.of(debit.takenAt());
        if (!month.equals(BudgetMonth.of(now))) {
            return List.of();
        }
        List<BudgetCharge> giveBacks = new ArrayList<>();
        for (BudgetScope scope : debit.budgeted()) {
            account.budget(scope).filter(budget -> budget.spentByMonth().containsKey(month)).ifPresent(budget ->
                    giveBacks.add(new BudgetCharge(scope, month, debit.credits(), budget.monthlyCreditLimit(), budget.enforcement(),
                            List.of())));
        }
        return giveBacks;
    }

    /**
     * Each draw goes back to its lot while that lot is unexpired; otherwise into a new lot named for
     * the job and lot, so that the choice is the same however often it is made.
     */
    private static List<CreditAccounts.Restore> restores(Account account, String jobId, OpenDebit debit, Instant at) {
        Map<String, CreditLot> lots = new LinkedHashMap<>();
        account.lots().forEach(lot -> lots.put(lot.lotId(), lot));
        List<CreditAccounts.Restore> restores = new ArrayList<>();
        for (Draw draw : debit.draws()) {
            CreditLot lot = lots.get(draw.lotId());
            if (lot != null && !lot.expiredAt(at)) {
                restores.add(new CreditAccounts.Restore.IntoLot(draw.lotId(), draw.amount()));
            } else {
                String replacementId = "refund-" + jobId + "-" + draw.lotId();
                restores.add(new CreditAccounts.Restore.AsNewLot(draw.lotId(), new CreditLot(replacementId, draw.kind(),
                        draw.amount(), draw.amount(), at, at.plus(REFUND_LOT_VALIDITY))));
            }
        }
        return restores;
    }

    private static void backOff(int attempt) {
        long ceiling = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(attempt, 16));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CreditContentionException("interrupted", attempt);
        }
    }
}
