package com.atelier.accounts;

import com.atelier.credits.LedgerEntry;
import java.util.List;
import java.util.Optional;

/** The credit history of each account: append-only, keyed by the fact it records. */
public interface Ledger {

    /** Writing the same fact again leaves one entry: the key names the fact, not the moment of writing. */
    void record(LedgerEntry entry);

    boolean contains(String accountId, String entryId);

    /**
     * One page of the account's history, newest first.
     *
     * @throws com.atelier.paging.PageCursor.InvalidCursorException when the cursor is not one this ledger gave the account
     */
    LedgerPage page(String accountId, int limit, Optional<String> cursor);

    /** Every entry of the account, for the audit that rebuilds balances. */
    List<LedgerEntry> all(String accountId);

    record LedgerPage(List<LedgerEntry> entries, Optional<String> nextCursor) {
    }
}
