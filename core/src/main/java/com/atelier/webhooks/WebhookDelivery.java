package com.atelier.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * One event on its way to one endpoint. Its id is the {@code webhook-id} header of every attempt,
 * derived from the event and the endpoint, so a replayed event makes no second delivery.
 *
 * @param payload the event's envelope as JSON, signed and sent as it is on every attempt
 */
public record WebhookDelivery(String deliveryId, String endpointId, String accountId, String eventId, String eventType,
                              String payload, Instant createdAt, Status status, List<DeliveryAttempt> attempts) {

    public enum Status { PENDING, DELIVERED, FAILED }

    public WebhookDelivery {
        attempts = List.copyOf(attempts);
    }
}
