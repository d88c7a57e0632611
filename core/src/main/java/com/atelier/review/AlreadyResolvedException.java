package com.atelier.review;

/** The review item was resolved before; an item is resolved once. */
public final class AlreadyResolvedException extends RuntimeException {

    public AlreadyResolvedException(String message) {
        super(message);
    }
}
