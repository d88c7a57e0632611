package com.atelier.auth;

/** The bearer token is no active key of an existing account. */
public final class InvalidApiKeyException extends RuntimeException {

    private final String shownKey;

    /** @param shownKey the key as its owner may be shown it: a few characters at each end, the rest masked */
    public InvalidApiKeyException(String shownKey) {
        super("unknown or revoked API key " + shownKey);
        this.shownKey = shownKey;
    }

    public String shownKey() {
        return shownKey;
    }
}
