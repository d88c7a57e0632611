package com.atelier.credits;

/** The account has as many unfinished jobs as it may; a new one is refused before any charge. */
public final class TooManyOpenJobsException extends RuntimeException {

    private final int limit;

    public TooManyOpenJobsException(int limit) {
        super("the account has " + limit + " unfinished jobs, the most it may have at once");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
