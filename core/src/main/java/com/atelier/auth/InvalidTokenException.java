package com.atelier.auth;

/** The bearer token is a JWT that failed verification: expired, or not issued for this service. */
public final class InvalidTokenException extends RuntimeException {

    public InvalidTokenException() {
        super("the bearer token failed verification");
    }
}
