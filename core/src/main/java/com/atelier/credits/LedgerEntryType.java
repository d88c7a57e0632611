package com.atelier.credits;

/** What changed a balance. Credits added are positive in the ledger, credits taken negative. */
public enum LedgerEntryType {
    FREE_GRANT,
    PURCHASE,
    GRANT,
    DEBIT,
    REFUND,
    EXPIRY
}
