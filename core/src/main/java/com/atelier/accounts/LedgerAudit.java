package com.atelier.accounts;

import com.atelier.credits.CreditLot;
import com.atelier.credits.LedgerEntry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds an account's lots from its ledger alone and compares them with the account item: every
 * lot in the item must hold exactly what its ledger entries add up to, and every lot the ledger says
 * still holds credits must be in the item.
 */
public final class LedgerAudit {

    private final AccountStore accounts;
    private final LedgerStore ledger;

    public LedgerAudit(AccountStore accounts, LedgerStore ledger) {
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
        Map<String, Integer> fromLedger = new LinkedHashMap<>();
        for (LedgerEntry entry : ledger.all(accountId)) {
            entry.lotChanges().forEach((lot, change) -> fromLedger.merge(lot, change, Integer::sum));
        }
        Map<String, Integer> inItem = new LinkedHashMap<>();
        for (CreditLot lot : account.lots()) {
            inItem.put(lot.lotId(), lot.remaining());
        }
        return new Result(accountId, fromLedger, inItem);
    }
}
