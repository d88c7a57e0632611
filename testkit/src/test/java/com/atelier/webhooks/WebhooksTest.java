package com.atelier.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atelier.testkit.MutableClock;
import com.atelier.testkit.webhooks.InMemoryDeliveryQueue;
import com.atelier.testkit.webhooks.InMemoryWebhookDeliveries;
import com.atelier.testkit.webhooks.InMemoryWebhookEndpoints;
import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhooksTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final InMemoryWebhookEndpoints endpoints = new InMemoryWebhookEndpoints();
    private final InMemoryWebhookDeliveries deliveries = new InMemoryWebhookDeliveries();
    private final InMemoryDeliveryQueue queue = new InMemoryDeliveryQueue();
    private final Webhooks webhooks = new Webhooks(endpoints, deliveries, queue,
            new WebhookFanOut(endpoints, deliveries, queue, clock),
            new ReceiverAddresses(false, host -> List.of(InetAddress.getByName(host.equals("internal.example.com")
                    ? "10.0.0.7" : host.matches("[0-9.]+") ? host : "93.184.216.34"))), clock);

    @Test
    void anotherAccountsEndpointIsNotFoundWhateverIsAsked() {
        WebhookEndpoint endpoint = webhooks.register("acct_a", URI.create("https://hooks.example.com/in"), Set.of(), "mine");

        assertThat(webhooks.list("acct_b")).isEmpty();
        List<Runnable> asks = List.of(
                () -> webhooks.get("acct_b", endpoint.endpointId()),
                () -> webhooks.update("acct_b", endpoint.endpointId(), new WebhookEndpoints.Changes(Optional.empty(),
                        Optional.of("theirs"), Optional.empty(), Optional.empty())),
                () -> webhooks.delete("acct_b", endpoint.endpointId()),
                () -> webhooks.rotateSecret("acct_b", endpoint.endpointId()),
                () -> webhooks.sendTest("acct_b", endpoint.endpointId()),
                () -> webhooks.deliveries("acct_b", endpoint.endpointId(), 10));
        asks.forEach(ask -> assertThatThrownBy(ask::run).isInstanceOf(WebhookNotFoundException.class));
        assertThat(webhooks.get("acct_a", endpoint.endpointId()).description()).isEqualTo("mine");
    }

    @Test
    void aReceiverThatIsNotPublicOrNotHttpsIsRefusedForItsUrl() {
        for (String url : List.of("http://hooks.example.com/in", "https://internal.example.com/in", "https://127.0.0.1/in",
                "https://169.254.169.254/latest/meta-data", "https://user:pw@hooks.example.com/", "ftp://hooks.example.com/")) {
            assertThatThrownBy(() -> webhooks.register("acct_a", URI.create(url), Set.of(), "x"))
                    .as(url).isInstanceOfSatisfying(InvalidWebhookException.class, refused -> assertThat(refused.field()).isEqualTo("url"));
        }
    }

    @Test
    void aNewSecretIsAStandardWebhooksSecretAndDiffersEachTime() {
        WebhookEndpoint endpoint = webhooks.register("acct_a", URI.create("https://hooks.example.com/in"), Set.of(), "mine");
        WebhookEndpoint rotated = webhooks.rotateSecret("acct_a", endpoint.endpointId());

        assertThat(endpoint.secret()).startsWith("whsec_").isNotEqualTo(rotated.secret());
        assertThat(rotated.previousSecretExpiresAt()).contains(clock.instant().plus(Webhooks.SECRET_OVERLAP));
    }
}
