package com.atelier.accounts;

import com.atelier.budgets.BudgetScope;
import com.atelier.credits.Draw;
import com.atelier.credits.LedgerEntry;
import com.atelier.credits.LedgerEntryType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Credits a job has taken and whose outcome is not settled yet, as the account keeps them under the
 * job's id: the draws, when they were taken, and — once a refund has put them back but the ledger
 * does not record it yet — when, and into which lot each drawn lot's credits went; and the budgets
 * whose spend it counted in, which a refund in the same month gives back.
 */
public record OpenDebit(List<Draw> draws, Instant takenAt, Optional<Instant> refundedAt,
                        Map<String, String> restoredTo, List<BudgetScope> budgeted) {

    public OpenDebit {
        draws = List.copyOf(draws);
        budgeted = List.copyOf(budgeted);
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(refundedAt, "refundedAt");
        restoredTo = Map.copyOf(restoredTo);
    }

    /** A debit that counted towards no budget. */
    public OpenDebit(List<Draw> draws, Instant takenAt, Optional<Instant> refundedAt, Map<String, String> restoredTo) {
        this(draws, takenAt, refundedAt, restoredTo, List.of());
    }

    public static OpenDebit taken(List<Draw> draws, Instant takenAt) {
        return new OpenDebit(draws, takenAt, Optional.empty(), Map.of());
    }

    public int credits() {
        return draws.stream().mapToInt(Draw::amount).sum();
    }

    public boolean isRefunded() {
        return refundedAt.isPresent();
    }

    /** The ledger's record of this debit: each drawn lot, less what was drawn from it. */
    public LedgerEntry debitEntry(String accountId, String jobId) {
        Map<String, Integer> changes = new LinkedHashMap<>();
        draws.forEach(draw -> changes.merge(draw.lotId(), -draw.amount(), Integer::sum));
        return new LedgerEntry(accountId, LedgerEntryType.DEBIT, jobId, takenAt, changes);
    }

    /** The ledger's record of this debit's refund: each lot its credits went back to, plus what went there. */
    public LedgerEntry refundEntry(String accountId, String jobId) {
        Map<String, Integer> changes = new LinkedHashMap<>();
        draws.forEach(draw -> changes.merge(restoredTo.getOrDefault(draw.lotId(), draw.lotId()), draw.amount(), Integer::sum));
        return new LedgerEntry(accountId, LedgerEntryType.REFUND, jobId,
                refundedAt.orElseThrow(() -> new IllegalStateException("debit of " + jobId + " is not refunded")), changes);
    }
}
