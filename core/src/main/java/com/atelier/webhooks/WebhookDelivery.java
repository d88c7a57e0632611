package com.atelier.webhooks;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One event on its way to one endpoint. Its id is the {@code webhook-id} header of every attempt,
 * derived from the event and the endpoint, so a replayed event makes no second delivery.
 *
 * @param endpointId  the endpoint it goes to, or for a job's own callback the job's id
 * @param payload     the event's envelope as JSON, signed and sent as it is on every attempt
 * @param callbackUrl a job's callback URL, signed with the account's default secret; empty for an endpoint's delivery
 */
public record WebhookDelivery(String deliveryId, String endpointId, String accountId, String eventId, String eventType,
                              String payload, Instant createdAt, Status status, List<DeliveryAttempt> attempts,
                              Optional<URI> callbackUrl) {

    public enum Status { PENDING, DELIVERED, FAILED }

    public WebhookDelivery {
        attempts = List.copyOf(attempts);
    }
}
