package com.atelier.credits;

/**
 * What changed a balance. Credits added are positive in the ledger, credits taken negative. A budget's
 * change moves no credits: its entry, with no lot changes, is the audit of who capped what and when.
 */
public enum LedgerEntryType {
    FREE_GRANT,
    PURCHASE,
    GRANT,
    DEBIT,
    REFUND,
    EXPIRY,
    BUDGET_SET,
    BUDGET_REMOVED
}
