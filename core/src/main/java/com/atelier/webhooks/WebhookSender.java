package com.atelier.webhooks;

import java.net.URI;
import java.util.Map;

/** Posts a signed event to a receiver, once, and says what came back. */
public interface WebhookSender {

    /** @return the attempt; never throws for what the receiver or the network did */
    DeliveryAttempt post(URI url, Map<String, String> headers, String body);
}
