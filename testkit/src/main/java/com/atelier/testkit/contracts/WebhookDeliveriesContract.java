package com.atelier.testkit.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.webhooks.DeliveryAttempt;
import com.atelier.webhooks.WebhookDeliveries;
import com.atelier.webhooks.WebhookDelivery;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A {@link WebhookDeliveries} log makes a delivery once and keeps every attempt in order. */
public abstract class WebhookDeliveriesContract {

    private static final Instant CREATED = Instant.parse("2026-11-25T10:00:00Z");

    protected abstract WebhookDeliveries deliveries();

    private static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    private WebhookDelivery delivery(String endpointId, Instant at) {
        return new WebhookDelivery(id("msg_"), endpointId, "acct_a", id("evt_"), "job.succeeded",
                "{\"type\":\"job.succeeded\"}", at, WebhookDelivery.Status.PENDING, List.of(), Optional.empty());
    }

    @Test
    void aJobCallbacksDeliveryKeepsItsUrlAndIsListedUnderTheJob() {
        String jobId = id("job_");
        WebhookDelivery callback = new WebhookDelivery(id("msg_"), jobId, "acct_a", id("evt_"), "job.started",
                "{\"type\":\"job.started\"}", CREATED, WebhookDelivery.Status.PENDING, List.of(),
                Optional.of(URI.create("https://hooks.example.com/jobs?key=1")));

        deliveries().create(callback);

        assertThat(deliveries().find(callback.deliveryId())).contains(callback);
        assertThat(deliveries().listByEndpoint(jobId, 10)).containsExactly(callback);
    }

    @Test
    void aDeliveryIsMadeOnceAndReadsBackAsMade() {
        WebhookDelivery delivery = delivery(id("we_"), CREATED);

        assertThat(deliveries().create(delivery)).isTrue();
        assertThat(deliveries().create(delivery)).isFalse();
        assertThat(deliveries().find(delivery.deliveryId())).contains(delivery);
    }

    @Test
    void attemptsAreKeptInOrderWithTheStatusTheLastLeft() {
        WebhookDelivery delivery = delivery(id("we_"), CREATED);
        deliveries().create(delivery);
        DeliveryAttempt refused = new DeliveryAttempt(CREATED, Optional.of(503), 12, Optional.empty());
        DeliveryAttempt timedOut = new DeliveryAttempt(CREATED.plusSeconds(5), Optional.empty(), 10_000,
                Optional.of("No answer within 10 s."));
        DeliveryAttempt delivered = new DeliveryAttempt(CREATED.plusSeconds(300), Optional.of(204), 8, Optional.empty());

        deliveries().recordAttempt(delivery.deliveryId(), refused, WebhookDelivery.Status.PENDING);
        deliveries().recordAttempt(delivery.deliveryId(), timedOut, WebhookDelivery.Status.PENDING);
        deliveries().recordAttempt(delivery.deliveryId(), delivered, WebhookDelivery.Status.DELIVERED);

        WebhookDelivery logged = deliveries().find(delivery.deliveryId()).orElseThrow();
        assertThat(logged.attempts()).containsExactly(refused, timedOut, delivered);
        assertThat(logged.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
    }

    @Test
    void anEndpointListsItsOwnDeliveriesNewestFirst() {
        String endpoint = id("we_");
        WebhookDelivery older = delivery(endpoint, CREATED);
        WebhookDelivery newer = delivery(endpoint, CREATED.plusSeconds(1));
        deliveries().create(older);
        deliveries().create(newer);
        deliveries().create(delivery(id("we_"), CREATED));

        assertThat(deliveries().listByEndpoint(endpoint, 10)).extracting(WebhookDelivery::deliveryId)
                .containsExactly(newer.deliveryId(), older.deliveryId());
    }
}
