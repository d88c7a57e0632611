package com.atelier.auth;

/** The caller is known, but its account is suspended. */
public final class AccountSuspendedException extends RuntimeException {

    public AccountSuspendedException(String accountId) {
        super("account " + accountId + " is suspended");
    }
}
