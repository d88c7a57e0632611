package com.atelier.grants;

/** The application was approved or rejected before; a decision is taken once. */
public final class AlreadyDecidedException extends RuntimeException {

    public AlreadyDecidedException(String message) {
        super(message);
    }
}
