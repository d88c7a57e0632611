package com.atelier.billing;

/**
 * Thrown when a payment-provider webhook fails signature verification. The message names the
 * check that failed; it never contains the signing secret or the expected signature.
 */
public class WebhookSignatureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WebhookSignatureException(String message) {
        super(message);
    }
}
