package com.atelier.auth;

/** The request names no caller: no {@code Authorization: Bearer …} header, or an empty one. */
public final class MissingCredentialsException extends RuntimeException {

    public MissingCredentialsException() {
        super("no bearer credentials");
    }
}
