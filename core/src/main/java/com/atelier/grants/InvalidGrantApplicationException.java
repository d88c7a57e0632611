package com.atelier.grants;

/** An application or a decision that breaks a rule of grants; {@code field} names the value at fault. */
public final class InvalidGrantApplicationException extends RuntimeException {

    private final String field;

    public InvalidGrantApplicationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
