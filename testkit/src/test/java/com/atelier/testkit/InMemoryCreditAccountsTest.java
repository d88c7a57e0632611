package com.atelier.testkit;

import com.atelier.accounts.CreditAccounts;
import com.atelier.testkit.contracts.CreditAccountsContract;

class InMemoryCreditAccountsTest extends CreditAccountsContract {

    private final InMemoryCreditAccounts adapter = new InMemoryCreditAccounts();

    @Override
    protected CreditAccounts accounts() {
        return adapter;
    }
}
