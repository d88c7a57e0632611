package com.atelier.accounts;

import com.atelier.billing.PackPurchase;
import com.atelier.credits.Balance;
import com.atelier.credits.CreditContentionException;
import com.atelier.credits.CreditKind;
import com.atelier.credits.CreditLot;
import com.atelier.credits.Draw;
import com.atelier.credits.FreeCreditSchedule;
import com.atelier.credits.InsufficientCreditsException;
import com.atelier.credits.LedgerEntry;
import com.atelier.credits.LedgerEntryType;
import com.atelier.credits.LotSelection;
import com.atelier.credits.UnknownAccountException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The credit rules applied to stored accounts: lazy free refills, debits that take the lots expiring
 * first, refunds that give back exactly what was taken, purchases and grants, each a single
 * conditional write on the account item plus a ledger entry with a deterministic key.
 *
 * <p>Ledger entries for facts that are fixed before the write (a free refill, an expiry) are written
 * first; those for debits and refunds after, from what the account item records, so a crash in
 * between is repaired by {@link #reconcile} from the item alone.
 */
public final class CreditService {

    /** A job id whose debit closed stays known this long, so that a replayed request cannot pay again. */
    public static final Duration REPLAY_WINDOW = Duration.ofHours(24);
    /**
     * A refunded credit whose lot expired meanwhile comes back as a new lot of the same kind valid this
     * long: the user did not get the images, so they do not lose the credit either.
     */
    public static final Duration REFUND_LOT_VALIDITY = Duration.ofDays(30);
    static final int MAX_ATTEMPTS = 100;
    private static final long BACKOFF_BASE_MILLIS = 2;
    private static final long BACKOFF_CAP_MILLIS = 100;

    private final AccountStore accounts;
    private final LedgerStore ledger;
    private final Clock clock;

    public CreditService(AccountStore accounts, LedgerStore ledger, Clock clock) {
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
        Account account = accounts.find(accountId).orElseThrow();
        FreeCreditSchedule.Period first = FreeCreditSchedule.period(account.createdAt(), 0);
        ledger.record(new LedgerEntry(accountId, LedgerEntryType.FREE_GRANT, first.lotId(), first.start(),
                Map.of(first.lotId(), first.credits())));
        return true;
    }

    public Balance balance(String accountId) {
        Account account = current(accountId);
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

    /**
     * Takes {@code credits} for a job, once: a job id that has paid (open debit, or closed within
     * {@link #REPLAY_WINDOW}) is answered as already paid. Lost races are retried with jittered
     * exponential backoff.
     *
     * @throws InsufficientCreditsException when the usable lots hold fewer credits; nothing is taken
     */
    public Charge charge(String accountId, String jobId, int credits) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Account account = current(accountId);
            if (account.hasPaidFor(jobId)) {
                DebitItem open = account.openDebits().get(jobId);
                return new Charge(open == null ? List.of() : open.toDraws(), true);
            }
            Instant now = clock.instant();
            Optional<List<Draw>> draws = LotSelection.choose(account.lots(), credits, now);
            if (draws.isEmpty()) {
                throw new InsufficientCreditsException(credits, LotSelection.usableBalance(account.lots(), now));
            }
            if (accounts.debit(accountId, jobId, draws.get(), account.freePeriod(), now, prunable(account, now))) {
                ledger.record(debitEntry(accountId, jobId, draws.get(), now));
                return new Charge(draws.get(), false);
            }
            backOff(attempt);
        }
        throw new CreditContentionException(accountId, MAX_ATTEMPTS);
    }

    /**
     * Gives back exactly what a job took and closes its debit. A job with no open debit (never
     * charged, settled, or refunded already) is left alone: a second refund does nothing.
     *
     * @return whether this call found an open debit to refund or finish refunding
     */
    public boolean refund(String accountId, String jobId) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Account account = accounts.find(accountId).orElseThrow(() -> new UnknownAccountException(accountId));
            DebitItem debit = account.openDebits().get(jobId);
            if (debit == null) {
                return false;
            }
            if (debit.getRefundedAt() == null) {
                Instant now = clock.instant();
                if (!accounts.refund(accountId, jobId, restores(account, jobId, debit, now), now)) {
                    backOff(attempt);
                    continue;
                }
                debit = accounts.find(accountId).orElseThrow().openDebits().get(jobId);
                if (debit == null) {
                    // A concurrent refund of the same job saw our write and finished it already.
                    return true;
                }
            }
            finishRefund(accountId, jobId, debit);
            return true;
        }
        throw new CreditContentionException(accountId, MAX_ATTEMPTS);
    }

    /** The job made its images: the debit is final; it leaves the account item, its ledger entry stays. */
    public void settle(String accountId, String jobId) {
        Account account = accounts.find(accountId).orElseThrow(() -> new UnknownAccountException(accountId));
        DebitItem debit = account.openDebits().get(jobId);
        if (debit == null || debit.getRefundedAt() != null) {
            return;
        }
        ledger.record(debitEntry(accountId, jobId, debit.toDraws(), Instant.ofEpochMilli(debit.getTakenAt())));
        accounts.closeDebit(accountId, jobId, false, clock.instant());
    }

    /** Adds the packs of a paid checkout, once per payment id. @return false for a replayed payment */
    public boolean purchase(PackPurchase purchase) {
        Instant now = clock.instant();
        CreditLot lot = new CreditLot("paid-" + purchase.paymentId(), CreditKind.PAID, purchase.credits(),
                purchase.credits(), now, now.atZone(ZoneOffset.UTC).plus(PackPurchase.VALIDITY).toInstant());
        return addLot(purchase.accountId(), lot, LedgerEntryType.PURCHASE, purchase.paymentId());
    }

    /** Adds an artist grant approved by an admin, once per grant id. @return false for a replay */
    public boolean grant(String accountId, String grantId, int credits, Instant expiresAt) {
        Instant now = clock.instant();
        if (credits < 1 || !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("a grant gives at least one credit and expires in the future");
        }
        CreditLot lot = new CreditLot("grant-" + grantId, CreditKind.GRANT, credits, credits, now, expiresAt);
        return addLot(accountId, lot, LedgerEntryType.GRANT, grantId);
    }

    private boolean addLot(String accountId, CreditLot lot, LedgerEntryType type, String reference) {
        if (ledger.contains(accountId, new LedgerEntry(accountId, type, reference, lot.grantedAt(), Map.of()).entryId())) {
            return false;
        }
        if (!accounts.addLot(accountId, lot)) {
            Account account = accounts.find(accountId).orElseThrow(() -> new UnknownAccountException(accountId));
            if (account.lots().stream().noneMatch(existing -> existing.lotId().equals(lot.lotId()))) {
                throw new IllegalStateException("lot " + lot.lotId() + " could not be added to " + accountId);
            }
        }
        ledger.record(new LedgerEntry(accountId, type, reference, lot.grantedAt(), Map.of(lot.lotId(), lot.amount())));
        return true;
    }

    /**
     * Settles what a crash may have left half done on this account: an open debit closed by a refund
     * but not yet recorded, and open debits without their ledger entry. Returns the open debits that
     * are not refunded, for the caller to match against its jobs.
     */
    public Map<String, List<Draw>> reconcile(String accountId) {
        Account account = current(accountId);
        Map<String, List<Draw>> open = new LinkedHashMap<>();
        account.openDebits().forEach((jobId, debit) -> {
            if (debit.getRefundedAt() != null) {
                finishRefund(accountId, jobId, debit);
            } else {
                ledger.record(debitEntry(accountId, jobId, debit.toDraws(), Instant.ofEpochMilli(debit.getTakenAt())));
                open.put(jobId, debit.toDraws());
            }
        });
        return open;
    }

    /** The account as of now: this period's free credits granted, expired lots recorded and removed. */
    Account current(String accountId) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Account account = accounts.find(accountId).orElseThrow(() -> new UnknownAccountException(accountId));
            Instant now = clock.instant();
            FreeCreditSchedule.Period period = FreeCreditSchedule.periodAt(account.createdAt(), now);
            if (period.index() > account.freePeriod()) {
                List<CreditLot> expiredFree = account.lots().stream()
                        .filter(lot -> lot.kind() == CreditKind.FREE && lot.expiredAt(now)).toList();
                expiredFree.forEach(lot -> recordExpiry(accountId, lot));
                ledger.record(new LedgerEntry(accountId, LedgerEntryType.FREE_GRANT, period.lotId(), period.start(),
                        Map.of(period.lotId(), period.credits())));
                if (!accounts.startFreePeriod(accountId, account.freePeriod(), period, expiredFree)) {
                    backOff(attempt);
                }
                continue;
            }
            List<CreditLot> expired = account.lots().stream().filter(lot -> lot.expiredAt(now)).toList();
            if (expired.isEmpty()) {
                return account;
            }
            for (CreditLot lot : expired) {
                recordExpiry(accountId, lot);
                accounts.removeExpiredLot(accountId, lot, now);
            }
        }
        throw new CreditContentionException(accountId, MAX_ATTEMPTS);
    }

    private void recordExpiry(String accountId, CreditLot lot) {
        if (lot.remaining() > 0) {
            ledger.record(new LedgerEntry(accountId, LedgerEntryType.EXPIRY, lot.lotId(), lot.expiresAt(),
                    Map.of(lot.lotId(), -lot.remaining())));
        }
    }

    /** Records a refund the account item has made, from what it recorded, then closes the debit. */
    private void finishRefund(String accountId, String jobId, DebitItem refunded) {
        Map<String, Integer> changes = new LinkedHashMap<>();
        for (Draw draw : refunded.toDraws()) {
            changes.merge(refunded.getRestoredTo().getOrDefault(draw.lotId(), draw.lotId()), draw.amount(), Integer::sum);
        }
        ledger.record(new LedgerEntry(accountId, LedgerEntryType.REFUND, jobId,
                Instant.ofEpochMilli(refunded.getRefundedAt()), changes));
        accounts.closeDebit(accountId, jobId, true, clock.instant());
    }

    /**
     * Each draw goes back to its lot while that lot is unexpired; otherwise into a new lot named for
     * the job and lot, so that the choice is the same however often it is made.
     */
    private static List<AccountStore.Restore> restores(Account account, String jobId, DebitItem debit, Instant at) {
        Map<String, CreditLot> lots = new LinkedHashMap<>();
        account.lots().forEach(lot -> lots.put(lot.lotId(), lot));
        List<AccountStore.Restore> restores = new ArrayList<>();
        for (Draw draw : debit.toDraws()) {
            CreditLot lot = lots.get(draw.lotId());
            if (lot != null && !lot.expiredAt(at)) {
                restores.add(new AccountStore.Restore.IntoLot(draw.lotId(), draw.amount()));
            } else {
                String replacementId = "refund-" + jobId + "-" + draw.lotId();
                restores.add(new AccountStore.Restore.AsNewLot(draw.lotId(), new CreditLot(replacementId, draw.kind(),
                        draw.amount(), draw.amount(), at, at.plus(REFUND_LOT_VALIDITY))));
            }
        }
        return restores;
    }

    private static LedgerEntry debitEntry(String accountId, String jobId, List<Draw> draws, Instant at) {
        Map<String, Integer> changes = new LinkedHashMap<>();
        draws.forEach(draw -> changes.merge(draw.lotId(), -draw.amount(), Integer::sum));
        return new LedgerEntry(accountId, LedgerEntryType.DEBIT, jobId, at, changes);
    }

    private static List<String> prunable(Account account, Instant now) {
        long cutoff = now.minus(REPLAY_WINDOW).toEpochMilli();
        return account.closedDebits().entrySet().stream()
                .filter(closed -> closed.getValue() < cutoff).map(Map.Entry::getKey).toList();
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
