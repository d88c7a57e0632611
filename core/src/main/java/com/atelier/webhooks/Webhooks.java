package com.atelier.webhooks;

import com.atelier.events.Event;
import com.atelier.events.EventType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An account's webhook endpoints, as the API offers them. Each call names the account, and an
 * endpoint or delivery of another account is not found, never forbidden: its existence is not told.
 */
public final class Webhooks {

    /** How long the previous secret keeps signing after a rotation. */
    public static final Duration SECRET_OVERLAP = Duration.ofHours(24);

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final DeliveryQueue queue;
    private final WebhookFanOut fanOut;
    private final ReceiverAddresses receivers;
    private final Clock clock;

    public Webhooks(WebhookEndpoints endpoints, WebhookDeliveries deliveries, DeliveryQueue queue, WebhookFanOut fanOut,
                    ReceiverAddresses receivers, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.queue = queue;
        this.fanOut = fanOut;
        this.receivers = receivers;
        this.clock = clock;
    }

    /** @return the new endpoint, whose secret the caller sees this once */
    public WebhookEndpoint register(String accountId, URI url, Set<EventType> events, String description) {
        checkReceiver(url);
        if (endpoints.listByAccount(accountId, WebhookFanOut.MAX_ENDPOINTS).size() >= WebhookFanOut.MAX_ENDPOINTS) {
            throw new InvalidWebhookException("url", "An account may have at most " + WebhookFanOut.MAX_ENDPOINTS
                    + " webhook endpoints; delete one first.");
        }
        WebhookEndpoint endpoint = new WebhookEndpoint("we_" + UUID.randomUUID().toString().replace("-", ""), accountId,
                url, description, events, WebhookSignatures.newSecret(), Optional.empty(), Optional.empty(),
                WebhookEndpoint.Status.ENABLED, Optional.empty(), Optional.empty(), clock.instant());
        if (!endpoints.create(endpoint)) {
            throw new IllegalStateException("a random endpoint id met an existing one: " + endpoint.endpointId());
        }
        return endpoint;
    }

    public List<WebhookEndpoint> list(String accountId) {
        return endpoints.listByAccount(accountId, WebhookFanOut.MAX_ENDPOINTS);
    }

    public WebhookEndpoint get(String accountId, String endpointId) {
        return endpoints.find(endpointId).filter(endpoint -> endpoint.accountId().equals(accountId))
                .orElseThrow(() -> notFound(endpointId));
    }

    public WebhookEndpoint update(String accountId, String endpointId, WebhookEndpoints.Changes changes) {
        changes.url().ifPresent(this::checkReceiver);
        return endpoints.update(accountId, endpointId, changes).orElseThrow(() -> notFound(endpointId));
    }

    public void delete(String accountId, String endpointId) {
        if (!endpoints.delete(accountId, endpointId)) {
            throw notFound(endpointId);
        }
    }

    /** @return the endpoint with its new secret, which the caller sees this once */
    public WebhookEndpoint rotateSecret(String accountId, String endpointId) {
        return endpoints.rotateSecret(accountId, endpointId, WebhookSignatures.newSecret(), clock.instant().plus(SECRET_OVERLAP))
                .orElseThrow(() -> notFound(endpointId));
    }

    /** Queues a {@code webhook_endpoint.test} event to the endpoint, whatever types it takes. @return its delivery */
    public WebhookDelivery sendTest(String accountId, String endpointId) {
        WebhookEndpoint endpoint = get(accountId, endpointId);
        Event test = new Event("evt_" + UUID.randomUUID().toString().replace("-", ""), EventType.WEBHOOK_ENDPOINT_TEST,
                clock.instant(), accountId, Map.of("endpoint_id", endpointId));
        String deliveryId = fanOut.deliver(test, endpoint);
        return deliveries.find(deliveryId).orElseThrow();
    }

    public List<WebhookDelivery> deliveries(String accountId, String endpointId, int limit) {
        get(accountId, endpointId);
        return deliveries.listByEndpoint(endpointId, limit);
    }

    /** Queues one more attempt of a delivery now, with its webhook-id, whatever its status. */
    public WebhookDelivery retry(String accountId, String endpointId, String deliveryId) {
        get(accountId, endpointId);
        WebhookDelivery delivery = deliveries.find(deliveryId).filter(found -> found.endpointId().equals(endpointId))
                .orElseThrow(() -> new WebhookNotFoundException("Webhook delivery '" + deliveryId + "'"));
        Instant now = clock.instant();
        queue.send(new DeliveryQueue.Message(deliveryId, delivery.attempts().size() + 1, now, true), Duration.ZERO);
        return delivery;
    }

    /** The account's default signing secret, made on first ask: it signs every callback of the account's jobs. */
    public String defaultSecret(String accountId) {
        return endpoints.defaultSecret(accountId, WebhookSignatures.newSecret());
    }

    /**
     * A job's callback deliveries, newest first. Only the account's own are listed: another account's
     * job, or a job without a callback, has none to show.
     */
    public List<WebhookDelivery> callbackDeliveries(String accountId, String jobId, int limit) {
        return deliveries.listByEndpoint(jobId, limit).stream()
                .filter(delivery -> delivery.accountId().equals(accountId) && delivery.callbackUrl().isPresent())
                .toList();
    }

    private void checkReceiver(URI url) {
        try {
            receivers.check(url);
        } catch (ReceiverAddresses.RefusedReceiverException refused) {
            throw new InvalidWebhookException("url", refused.getMessage());
        }
    }

    private static WebhookNotFoundException notFound(String endpointId) {
        return new WebhookNotFoundException("Webhook endpoint '" + endpointId + "'");
    }
}
