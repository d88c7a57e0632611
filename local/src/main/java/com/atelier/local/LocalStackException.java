package com.atelier.local;

/** The local stack cannot start; the message says why and what to do, for a person at a terminal. */
public final class LocalStackException extends RuntimeException {

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
