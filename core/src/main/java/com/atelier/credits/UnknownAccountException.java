package com.atelier.credits;

public final class UnknownAccountException extends RuntimeException {

    public UnknownAccountException(String accountId) {
        super("no account " + accountId);
    }
}
