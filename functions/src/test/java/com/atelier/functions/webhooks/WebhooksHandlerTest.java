package com.atelier.functions.webhooks;

import static com.atelier.functions.testing.HandlerFixture.body;
import static com.atelier.functions.testing.HandlerFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.functions.testing.HandlerFixture;
import com.atelier.testkit.MutableClock;
import com.atelier.testkit.webhooks.InMemoryDeliveryQueue;
import com.atelier.testkit.webhooks.InMemoryWebhookDeliveries;
import com.atelier.testkit.webhooks.InMemoryWebhookEndpoints;
import com.atelier.webhooks.ReceiverAddresses;
import com.atelier.webhooks.WebhookFanOut;
import com.atelier.webhooks.Webhooks;
import com.atelier.events.Event;
import com.atelier.events.EventType;
import com.atelier.webhooks.JobCallback;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Set;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhooksHandlerTest {

    private static final HandlerFixture FIXTURE = new HandlerFixture(50);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final InMemoryWebhookEndpoints endpoints = new InMemoryWebhookEndpoints();
    private final InMemoryWebhookDeliveries deliveries = new InMemoryWebhookDeliveries();
    private final InMemoryDeliveryQueue queue = new InMemoryDeliveryQueue();
    private final WebhooksHandler handler = new WebhooksHandler(new WebhooksHandler.Services(FIXTURE.wiring().authenticator(),
            new Webhooks(endpoints, deliveries, queue, new WebhookFanOut(endpoints, deliveries, queue, clock),
                    new ReceiverAddresses(false, host -> List.of(InetAddress.getByName(
                            host.matches("[0-9.]+") ? host : "93.184.216.34"))), clock)));

    private APIGatewayV2HTTPResponse call(String routeKey, String key, Map<String, String> path, String body) {
        return handler.handleRequest(event(routeKey, key, path, Map.of(), Map.of(), body), null);
    }

    private JsonNode register(String key, String body) {
        APIGatewayV2HTTPResponse created = call("POST /v1/webhooks", key, Map.of(), body);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        return body(created);
    }

    @Test
    void aRegisteredEndpointShowsItsSecretOnceAndItsFilter() {
        String key = FIXTURE.newApiKey();

        JsonNode endpoint = register(key, "{\"url\":\"https://hooks.example.com/in\",\"events\":[\"job.succeeded\",\"job.failed\"],"
                + "\"description\":\"orders\"}");
        JsonNode read = body(call("GET /v1/webhooks/{id}", key, Map.of("id", endpoint.get("id").asText()), null));

        assertThat(endpoint.get("secret").asText()).startsWith("whsec_");
        assertThat(endpoint.get("object").asText()).isEqualTo("webhook_endpoint");
        assertThat(read.has("secret")).isFalse();
        assertThat(read.get("events")).extracting(JsonNode::asText).containsExactly("job.failed", "job.succeeded");
        assertThat(read.get("status").asText()).isEqualTo("enabled");
    }

    @Test
    void anotherAccountsEndpointIsA404InOpenAisShape() {
        JsonNode endpoint = register(FIXTURE.newApiKey(), "{\"url\":\"https://hooks.example.com/in\"}");
        String stranger = FIXTURE.newApiKey();
        Map<String, String> id = Map.of("id", endpoint.get("id").asText());

        for (String route : List.of("GET /v1/webhooks/{id}", "PATCH /v1/webhooks/{id}", "DELETE /v1/webhooks/{id}",
                "POST /v1/webhooks/{id}/rotate-secret", "POST /v1/webhooks/{id}/test", "GET /v1/webhooks/{id}/deliveries")) {
            APIGatewayV2HTTPResponse answer = call(route, stranger, id, "{}");
            assertThat(answer.getStatusCode()).as(route).isEqualTo(404);
            assertThat(body(answer).at("/error/code").asText()).isEqualTo("not_found");
        }
        assertThat(body(call("GET /v1/webhooks", stranger, Map.of(), null)).get("data")).isEmpty();
    }

    @Test
    void refusalsNameTheFieldAndNeverAnswer5xx() {
        String key = FIXTURE.newApiKey();
        Map<String, String> refusals = Map.of(
                "{\"url\":\"http://hooks.example.com/in\"}", "url",
                "{\"url\":\"https://169.254.169.254/latest/meta-data\"}", "url",
                "{\"url\":\"https://10.0.0.1/\"}", "url",
                "{\"url\":\"not a url\"}", "url",
                "{}", "url",
                "{\"url\":\"https://hooks.example.com/in\",\"events\":[\"job.exploded\"]}", "events",
                "{\"url\":\"https://hooks.example.com/in\",\"events\":\"job.succeeded\"}", "events");
        refusals.forEach((body, field) -> {
            APIGatewayV2HTTPResponse answer = call("POST /v1/webhooks", key, Map.of(), body);
            assertThat(answer.getStatusCode()).as(body).isEqualTo(400);
            assertThat(body(answer).at("/error/param").asText()).as(body).isEqualTo(field);
        });
    }

    @Test
    void aTestEventIsQueuedAndItsDeliveryListed() {
        String key = FIXTURE.newApiKey();
        String endpointId = register(key, "{\"url\":\"https://hooks.example.com/in\"}").get("id").asText();

        APIGatewayV2HTTPResponse test = call("POST /v1/webhooks/{id}/test", key, Map.of("id", endpointId), null);
        JsonNode listed = body(call("GET /v1/webhooks/{id}/deliveries", key, Map.of("id", endpointId), null));

        assertThat(test.getStatusCode()).isEqualTo(202);
        assertThat(body(test).get("event_type").asText()).isEqualTo("webhook_endpoint.test");
        assertThat(queue.sent()).hasSize(1);
        assertThat(listed.get("data")).extracting(delivery -> delivery.get("id").asText()).containsExactly(body(test).get("id").asText());
    }

    @Test
    void theDefaultSecretIsTheAccountsOwnAndStaysTheSame() {
        String key = FIXTURE.newApiKey();

        String first = body(call("GET /v1/webhooks/default/secret", key, Map.of(), null)).get("key").asText();
        String again = body(call("GET /v1/webhooks/default/secret", key, Map.of(), null)).get("key").asText();
        String stranger = body(call("GET /v1/webhooks/default/secret", FIXTURE.newApiKey(), Map.of(), null)).get("key").asText();

        assertThat(first).startsWith("whsec_").isEqualTo(again).isNotEqualTo(stranger);
    }

    @Test
    void aJobsCallbackDeliveriesAreListedToItsAccountAlone() {
        String key = FIXTURE.newApiKey();
        String accountId = FIXTURE.wiring().authenticator().authenticate("Bearer " + key).accountId();
        new WebhookFanOut(endpoints, deliveries, queue, clock).callBack(new Event("evt_1", EventType.JOB_SUCCEEDED,
                clock.instant(), accountId, Map.of("job_id", "job_1", "kind", "generation", "status", "succeeded",
                        "images", 1, "credits", 1)), "job_1", new JobCallback(URI.create("https://hooks.example.com/job_1"),
                Set.of(JobCallback.Moment.OUTPUT)));

        JsonNode own = body(call("GET /v1/jobs/{id}/webhook-deliveries", key, Map.of("id", "job_1"), null));
        JsonNode stranger = body(call("GET /v1/jobs/{id}/webhook-deliveries", FIXTURE.newApiKey(), Map.of("id", "job_1"), null));

        assertThat(own.get("data")).hasSize(1);
        assertThat(own.get("data").get(0).get("job_id").asText()).isEqualTo("job_1");
        assertThat(own.get("data").get(0).get("url").asText()).isEqualTo("https://hooks.example.com/job_1");
        assertThat(own.get("data").get(0).get("event_type").asText()).isEqualTo("job.succeeded");
        assertThat(stranger.get("data")).isEmpty();
    }
}
