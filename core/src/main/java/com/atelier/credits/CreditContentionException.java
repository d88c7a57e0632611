package com.atelier.credits;

/** Too many writers changed the account at once for this change to get through; nothing was changed. */
public final class CreditContentionException extends RuntimeException {

    public CreditContentionException(String accountId, int attempts) {
        super("account " + accountId + " changed under " + attempts + " attempts in a row; try again");
    }
}
