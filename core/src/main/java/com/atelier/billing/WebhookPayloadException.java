package com.atelier.billing;

/** Thrown when a (correctly signed) webhook body cannot be turned into a valid pack purchase. */
public class WebhookPayloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WebhookPayloadException(String message) {
        super(message);
    }

    public WebhookPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
