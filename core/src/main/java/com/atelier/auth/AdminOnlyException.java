package com.atelier.auth;

/** The caller is known and active, but the action needs the admin role. */
public final class AdminOnlyException extends RuntimeException {

    public AdminOnlyException(String accountId) {
        super("account " + accountId + " is not an admin");
    }
}
