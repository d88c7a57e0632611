package com.atelier.accounts;

import com.atelier.credits.CreditLot;
import com.atelier.credits.LedgerEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds an account's lots from its ledger alone and compares them with the account item: every
 * lot in the item must hold exactly what its ledger entries add up to, and every lot the ledger says
 * still holds credits must be in the item. The debits of unfinished jobs, whose entries the ledger
 * gets when they finish, count as the entries they will be.
 */
public final class LedgerAudit {

    private final CreditAccounts accounts;
    private final Ledger ledger;

    public LedgerAudit(CreditAccounts accounts, Ledger ledger) {
        this.accounts = accounts;
        this.ledger = ledger;
    }

    /** Per lot, what the ledger says it holds and what the item holds; consistent when they all agree. */
    public record Result(String accountId, Map<String, Integer> fromLedger, Map<String, Integer> inItem) {
        public boolean consistent() {
            Map<String, Integer> nonZeroLedger = new TreeMap<>();
            fromLedger.forEach((lot, credits) -> {
                if (credits != 0 || inItem.containsKey(lot)) {
                    nonZeroLedger.put(lot, credits);
                }
            });
            return nonZeroLedger.equals(new TreeMap<>(inItem));
        }

        public int ledgerBalance() {
            return fromLedger.values().stream().mapToInt(Integer::intValue).sum();
        }

        public int itemBalance() {
            return inItem.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    public Result check(String accountId) {
        Account account = accounts.find(accountId).orElseThrow();
        List<LedgerEntry> entries = new ArrayList<>(ledger.all(accountId));
        Set<String> recorded = entries.stream().map(LedgerEntry::entryId).collect(Collectors.toSet());
        account.openDebits().forEach((jobId, debit) -> {
            List<LedgerEntry> toCome = debit.isRefunded()
                    ? List.of(debit.debitEntry(accountId, jobId), debit.refundEntry(accountId, jobId))
                    : List.of(debit.debitEntry(accountId, jobId));
            toCome.stream().filter(entry -> !recorded.contains(entry.entryId())).forEach(entries::add);
        });
        Map<String, Integer> fromLedger = new LinkedHashMap<>();
        entries.forEach(entry -> entry.lotChanges().forEach((lot, change) -> fromLedger.merge(lot, change, Integer::sum)));
        Map<String, Integer> inItem = new LinkedHashMap<>();
        for (CreditLot lot : account.lots()) {
            inItem.put(lot.lotId(), lot.remaining());
        }
        return new Result(accountId, fromLedger, inItem);
    }
}
