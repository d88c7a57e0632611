package com.atelier.testkit.webhooks;

import com.atelier.webhooks.DeliveryAttempt;
import com.atelier.webhooks.WebhookDelivery;
import com.atelier.webhooks.WebhookDeliveries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The delivery log in a map. */
public final class InMemoryWebhookDeliveries implements WebhookDeliveries {

    private final Map<String, WebhookDelivery> deliveries = new ConcurrentHashMap<>();

    @Override
    public boolean create(WebhookDelivery delivery) {
        return deliveries.putIfAbsent(delivery.deliveryId(), delivery) == null;
    }

    @Override
    public Optional<WebhookDelivery> find(String deliveryId) {
        return Optional.ofNullable(deliveries.get(deliveryId));
    }

    @Override
    public List<WebhookDelivery> listByEndpoint(String endpointId, int limit) {
        return deliveries.values().stream().filter(delivery -> delivery.endpointId().equals(endpointId))
                .sorted(Comparator.comparing(WebhookDelivery::createdAt).reversed()).limit(limit).toList();
    }

    @Override
    public void recordAttempt(String deliveryId, DeliveryAttempt attempt, WebhookDelivery.Status status) {
        deliveries.computeIfPresent(deliveryId, (id, d) -> {
            List<DeliveryAttempt> attempts = new ArrayList<>(d.attempts());
            attempts.add(attempt);
            return new WebhookDelivery(d.deliveryId(), d.endpointId(), d.accountId(), d.eventId(), d.eventType(),
                    d.payload(), d.createdAt(), status, attempts, d.callbackUrl());
        });
    }
}
