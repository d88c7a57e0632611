package com.atelier.credits;

/** The account's usable credits do not cover the job; nothing was charged. */
public final class InsufficientCreditsException extends RuntimeException {

    private final int needed;
    private final int available;

    public InsufficientCreditsException(int needed, int available) {
        super("this request needs " + needed + " credit" + (needed == 1 ? "" : "s") + " and the account has " + available);
        this.needed = needed;
        this.available = available;
    }

    public int needed() {
        return needed;
    }

    public int available() {
        return available;
    }
}
