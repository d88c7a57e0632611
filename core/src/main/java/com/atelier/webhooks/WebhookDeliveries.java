package com.atelier.webhooks;

import java.util.List;
import java.util.Optional;

/** The delivery log: one item per event and endpoint, its attempts appended as they happen. */
public interface WebhookDeliveries {

    /** @return false when the delivery exists already (the event was seen before) */
    boolean create(WebhookDelivery delivery);

    Optional<WebhookDelivery> find(String deliveryId);

    /** The endpoint's deliveries, newest first. */
    List<WebhookDelivery> listByEndpoint(String endpointId, int limit);

    /** Appends one attempt and sets the status it leaves the delivery in, in one write. */
    void recordAttempt(String deliveryId, DeliveryAttempt attempt, WebhookDelivery.Status status);
}
