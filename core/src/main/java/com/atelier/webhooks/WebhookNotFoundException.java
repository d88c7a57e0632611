package com.atelier.webhooks;

/** The account has no such endpoint, or no such delivery of it: another account's ids included. */
public final class WebhookNotFoundException extends RuntimeException {

    private final String what;

    public WebhookNotFoundException(String what) {
        super(what + " not found");
        this.what = what;
    }

    /** What was asked for, as the 404 names it ("Webhook endpoint 'we_…'"). */
    public String what() {
        return what;
    }
}
