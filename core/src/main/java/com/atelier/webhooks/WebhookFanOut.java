package com.atelier.webhooks;

import com.atelier.events.Event;
import com.atelier.hashing.Sha256;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns an event into one delivery per endpoint of its account that wants its type, and queues each
 * for its first attempt. A replayed event finds its deliveries made; one that never got its first
 * attempt (a crash between the write and the send) is queued again, so each is tried at least once.
 */
public final class WebhookFanOut {

    /** Endpoints an account may have; the API refuses more. */
    public static final int MAX_ENDPOINTS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final DeliveryQueue queue;
    private final Clock clock;

    public WebhookFanOut(WebhookEndpoints endpoints, WebhookDeliveries deliveries, DeliveryQueue queue, Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.queue = queue;
        this.clock = clock;
    }

    /** @return the deliveries the event has, made now or before */
    public List<String> publish(Event event) {
        return endpoints.listByAccount(event.accountId(), MAX_ENDPOINTS).stream()
                .filter(endpoint -> endpoint.wants(event.type()))
                .map(endpoint -> deliver(event, endpoint))
                .toList();
    }

    /** Queues the event for one endpoint, whatever types it wants (the API's test event). */
    public String deliver(Event event, WebhookEndpoint endpoint) {
        return queue(event, endpoint.endpointId(), Optional.empty());
    }

    /**
     * Queues a job's event for the job's own callback, when the callback wants it; the delivery is
     * logged under the job's id, as an endpoint's are under the endpoint's.
     *
     * @return the delivery, made now or before
     */
    public Optional<String> callBack(Event event, String jobId, JobCallback callback) {
        if (!callback.wants(event.type())) {
            return Optional.empty();
        }
        return Optional.of(queue(event, jobId, Optional.of(callback.url())));
    }

    private String queue(Event event, String endpointId, Optional<URI> callbackUrl) {
        String deliveryId = deliveryId(event.id(), endpointId);
        Instant now = clock.instant();
        boolean created = deliveries.create(new WebhookDelivery(deliveryId, endpointId, event.accountId(),
                event.id(), event.type().wireName(), json(event), now, WebhookDelivery.Status.PENDING, List.of(), callbackUrl));
        if (created || deliveries.find(deliveryId).map(seen -> seen.attempts().isEmpty()).orElse(false)) {
            queue.send(new DeliveryQueue.Message(deliveryId, 1, now, false), Duration.ZERO);
        }
        return deliveryId;
    }

    public static String deliveryId(String eventId, String endpointId) {
        return "msg_" + Sha256.hex(eventId + "|" + endpointId).substring(0, 32);
    }

    private static String json(Event event) {
        try {
            return JSON.writeValueAsString(event.envelope());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event that is not JSON: " + event, e);
        }
    }
}
