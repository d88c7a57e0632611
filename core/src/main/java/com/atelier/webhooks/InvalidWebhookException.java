package com.atelier.webhooks;

/** A webhook request refused for one field's value. */
public final class InvalidWebhookException extends RuntimeException {

    private final String field;

    public InvalidWebhookException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
