package com.atelier.testkit;

import com.atelier.accounts.Ledger;
import com.atelier.testkit.contracts.LedgerContract;

class InMemoryLedgerTest extends LedgerContract {

    private final InMemoryLedger adapter = new InMemoryLedger();

    @Override
    protected Ledger ledger() {
        return adapter;
    }
}
