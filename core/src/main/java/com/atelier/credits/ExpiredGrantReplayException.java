package com.atelier.credits;

/**
 * A grant id used again after its grant expired and left the account: what it granted can no longer
 * be answered from the account, and it is never granted twice.
 */
public final class ExpiredGrantReplayException extends RuntimeException {

    private final String grantId;

    public ExpiredGrantReplayException(String grantId) {
        super("grant " + grantId + " was made before and has expired");
        this.grantId = grantId;
    }

    public String grantId() {
        return grantId;
    }
}
