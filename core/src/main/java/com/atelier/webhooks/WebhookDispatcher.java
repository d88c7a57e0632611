package com.atelier.webhooks;

import com.atelier.events.ChangeEvents;
import com.atelier.logging.JsonLog;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Makes one attempt of a delivery when its queue message comes: signs the stored payload, posts it,
 * logs the attempt, and queues the next one after the schedule's wait. Any 2xx is delivered; 410
 * Gone disables the endpoint at once; an endpoint that has failed every attempt for
 * {@link WebhookSettings#disableAfterFailingFor()} is disabled too, each time with the reason on the
 * endpoint and a {@code webhook_endpoint.disabled} event to the account's other endpoints.
 */
public final class WebhookDispatcher {

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final DeliveryQueue queue;
    private final WebhookSender sender;
    private final WebhookFanOut fanOut;
    private final WebhookSettings settings;
    private final Clock clock;
    private final RandomGenerator random;

    public WebhookDispatcher(WebhookEndpoints endpoints, WebhookDeliveries deliveries, DeliveryQueue queue,
                             WebhookSender sender, WebhookFanOut fanOut, WebhookSettings settings, Clock clock,
                             RandomGenerator random) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.queue = queue;
        this.sender = sender;
        this.fanOut = fanOut;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    public void handle(DeliveryQueue.Message message) {
        Instant now = clock.instant();
        // SQS counts delays in whole seconds and clocks differ a little: within a second is on time.
        if (now.plusSeconds(1).isBefore(message.dueAt())) {
            // A wait longer than the queue's limit: one more leg of it.
            Duration left = Duration.between(now, message.dueAt());
            queue.send(message, left.compareTo(DeliveryQueue.MAX_DELAY) > 0 ? DeliveryQueue.MAX_DELAY : left);
            return;
        }
        Optional<WebhookDelivery> found = deliveries.find(message.deliveryId());
        if (found.isEmpty() || (found.get().status() != WebhookDelivery.Status.PENDING && !message.manual())
                || (!message.manual() && found.get().attempts().size() >= message.attempt())) {
            return; // done already, or this message is a repeat of one that was handled
        }
        WebhookDelivery delivery = found.get();
        if (delivery.callbackUrl().isPresent()) {
            callBack(message, delivery, delivery.callbackUrl().get(), now);
            return;
        }
        Optional<WebhookEndpoint> endpoint = endpoints.find(delivery.endpointId());
        if (endpoint.isEmpty() || (endpoint.get().status() == WebhookEndpoint.Status.DISABLED && !message.manual())) {
            deliveries.recordAttempt(delivery.deliveryId(), new DeliveryAttempt(now, Optional.empty(), 0,
                    Optional.of(endpoint.isEmpty() ? "The endpoint was deleted." : "The endpoint is disabled.")),
                    WebhookDelivery.Status.FAILED);
            return;
        }
        attempt(message, delivery, endpoint.get(), now);
    }

    private void attempt(DeliveryQueue.Message message, WebhookDelivery delivery, WebhookEndpoint endpoint, Instant now) {
        DeliveryAttempt attempt = sender.post(endpoint.url(), WebhookSignatures.headers(delivery.deliveryId(), now,
                delivery.payload(), endpoint.signingSecrets(now)), delivery.payload());
        JsonLog.info("webhook_attempt", JsonLog.fields().put("deliveryId", delivery.deliveryId())
                .put("endpointId", endpoint.endpointId()).put("attempt", message.attempt())
                .put("status", attempt.statusCode().map(String::valueOf).orElse("none"))
                .put("millis", attempt.latencyMillis()));
        if (attempt.delivered()) {
            deliveries.recordAttempt(delivery.deliveryId(), attempt, WebhookDelivery.Status.DELIVERED);
            if (endpoint.failingSince().isPresent()) {
                endpoints.recordSuccess(endpoint.endpointId());
            }
            return;
        }
        if (attempt.statusCode().filter(code -> code == 410).isPresent()) {
            deliveries.recordAttempt(delivery.deliveryId(), attempt, WebhookDelivery.Status.FAILED);
            disable(endpoint, "The endpoint answered 410 Gone on " + now + ".", now);
            return;
        }
        Optional<Duration> wait = message.manual() ? Optional.empty() : settings.retries().delayAfter(message.attempt(), random);
        WebhookDelivery.Status after = wait.isPresent() ? WebhookDelivery.Status.PENDING
                : message.manual() ? delivery.status() : WebhookDelivery.Status.FAILED;
        deliveries.recordAttempt(delivery.deliveryId(), attempt, after);
        Instant failingSince = endpoints.recordFailure(endpoint.endpointId(), now).flatMap(WebhookEndpoint::failingSince).orElse(now);
        if (!Duration.between(failingSince, now).minus(settings.disableAfterFailingFor()).isNegative()) {
            disable(endpoint, "Every delivery attempt has failed since " + failingSince + ".", now);
            return;
        }
        wait.ifPresent(delay -> queueNext(delivery, message, now, delay));
    }

    /**
     * A job's own callback: signed with the account's default secret, retried on the same schedule;
     * it has no endpoint whose failures could disable it, and its URL passes the sender's checks again.
     */
    private void callBack(DeliveryQueue.Message message, WebhookDelivery delivery, URI url, Instant now) {
        String secret = endpoints.defaultSecret(delivery.accountId(), WebhookSignatures.newSecret());
        DeliveryAttempt attempt = sender.post(url, WebhookSignatures.headers(delivery.deliveryId(), now,
                delivery.payload(), List.of(secret)), delivery.payload());
        JsonLog.info("webhook_attempt", JsonLog.fields().put("deliveryId", delivery.deliveryId())
                .put("jobId", delivery.endpointId()).put("attempt", message.attempt())
                .put("status", attempt.statusCode().map(String::valueOf).orElse("none"))
                .put("millis", attempt.latencyMillis()));
        if (attempt.delivered()) {
            deliveries.recordAttempt(delivery.deliveryId(), attempt, WebhookDelivery.Status.DELIVERED);
            return;
        }
        // 410 Gone: the receiver says this job's callback is over; no retry asks again.
        Optional<Duration> wait = attempt.statusCode().filter(code -> code == 410).isPresent()
                ? Optional.empty() : settings.retries().delayAfter(message.attempt(), random);
        deliveries.recordAttempt(delivery.deliveryId(), attempt, wait.isPresent() ? WebhookDelivery.Status.PENDING
                : WebhookDelivery.Status.FAILED);
        wait.ifPresent(delay -> queueNext(delivery, message, now, delay));
    }

    private void queueNext(WebhookDelivery delivery, DeliveryQueue.Message message, Instant now, Duration delay) {
        queue.send(new DeliveryQueue.Message(delivery.deliveryId(), message.attempt() + 1, now.plus(delay), false),
                delay.compareTo(DeliveryQueue.MAX_DELAY) > 0 ? DeliveryQueue.MAX_DELAY : delay);
    }

    private void disable(WebhookEndpoint endpoint, String reason, Instant now) {
        if (endpoints.disable(endpoint.endpointId(), reason)) {
            JsonLog.warn("webhook_endpoint_disabled", JsonLog.fields().put("endpointId", endpoint.endpointId()).put("reason", reason));
            fanOut.publish(ChangeEvents.endpointDisabled(endpoint.accountId(), endpoint.endpointId(),
                    endpoint.url().toString(), reason, now));
        }
    }
}
