package com.atelier.functions.webhooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.api.ApiFunction;
import com.atelier.auth.Authenticator;
import com.atelier.events.EventType;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.functions.http.Identifier;
import com.atelier.functions.http.JsonFields;
import com.atelier.functions.http.SnapStartPriming;
import com.atelier.functions.wiring.Wiring;
import com.atelier.webhooks.WebhookDelivery;
import com.atelier.webhooks.WebhookEndpoint;
import com.atelier.webhooks.WebhookEndpoints;
import com.atelier.webhooks.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An account's webhook endpoints and their delivery logs (docs/events.md lists what they receive),
 * the default secret that signs its jobs' own callbacks, and each job's callback deliveries.
 */
public final class WebhooksHandler extends ApiHandler {

    private static final int MAX_DESCRIPTION_LENGTH = 500;
    private static final int MAX_DELIVERIES = 100;

    private final Services services;

    /** What this function uses, and nothing else: its composition root is {@link #wire}. */
    public record Services(Authenticator authenticator, Webhooks webhooks) {
        public static Services wire(Wiring wiring) {
            return new Services(wiring.authenticator(), wiring.webhooks());
        }
    }

    public WebhooksHandler() {
        this(Wiring.fromEnvironment());
    }

    private WebhooksHandler(Wiring wiring) {
        this(Services.wire(wiring));
        SnapStartPriming.register(this, ApiFunction.WEBHOOKS, wiring);
    }

    public WebhooksHandler(Services services) {
        this.services = services;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Account caller = services.authenticator().authenticate(request.header("authorization").orElse(null));
        String accountId = caller.accountId();
        Webhooks webhooks = services.webhooks();
        switch (request.routeKey()) {
            case "POST /v1/webhooks": {
                JsonNode body = request.jsonBody();
                WebhookEndpoint endpoint = webhooks.register(accountId, url(JsonFields.requiredText(body, "url", ReceiverUrls.MAX_LENGTH)),
                        events(body).orElse(Set.of()),
                        JsonFields.optionalText(body, "description", MAX_DESCRIPTION_LENGTH).orElse(""));
                return ApiResponses.json(201, json(endpoint).put("secret", endpoint.secret()));
            }
            case "GET /v1/webhooks": {
                ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "list");
                ArrayNode data = answer.putArray("data");
                webhooks.list(accountId).forEach(endpoint -> data.add(json(endpoint)));
                return ApiResponses.json(200, answer);
            }
            case "GET /v1/webhooks/{id}":
                return ApiResponses.json(200, json(webhooks.get(accountId, endpointId(request))));
            case "PATCH /v1/webhooks/{id}": {
                String endpointId = endpointId(request);
                JsonNode body = request.jsonBody();
                return ApiResponses.json(200, json(webhooks.update(accountId, endpointId, new WebhookEndpoints.Changes(
                        JsonFields.optionalText(body, "url", ReceiverUrls.MAX_LENGTH).map(WebhooksHandler::url),
                        JsonFields.optionalText(body, "description", MAX_DESCRIPTION_LENGTH), events(body), enabled(body)))));
            }
            case "DELETE /v1/webhooks/{id}": {
                String endpointId = endpointId(request);
                webhooks.delete(accountId, endpointId);
                return ApiResponses.json(200, ApiResponses.JSON.createObjectNode().put("id", endpointId)
                        .put("object", "webhook_endpoint").put("deleted", true));
            }
            case "POST /v1/webhooks/{id}/rotate-secret": {
                WebhookEndpoint rotated = webhooks.rotateSecret(accountId, endpointId(request));
                return ApiResponses.json(200, json(rotated).put("secret", rotated.secret()));
            }
            case "POST /v1/webhooks/{id}/test":
                return ApiResponses.json(202, json(webhooks.sendTest(accountId, endpointId(request))));
            case "GET /v1/webhooks/{id}/deliveries": {
                ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "list");
                ArrayNode data = answer.putArray("data");
                webhooks.deliveries(accountId, endpointId(request), request.pageLimit(20, MAX_DELIVERIES))
                        .forEach(delivery -> data.add(json(delivery)));
                return ApiResponses.json(200, answer);
            }
            case "GET /v1/webhooks/default/secret":
                return ApiResponses.json(200, ApiResponses.JSON.createObjectNode().put("key", webhooks.defaultSecret(accountId)));
            case "GET /v1/jobs/{id}/webhook-deliveries": {
                ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "list");
                ArrayNode data = answer.putArray("data");
                webhooks.callbackDeliveries(accountId, request.pathId("Job"), request.pageLimit(20, MAX_DELIVERIES))
                        .forEach(delivery -> data.add(json(delivery)));
                return ApiResponses.json(200, answer);
            }
            case "POST /v1/webhooks/{id}/deliveries/{delivery}/retry": {
                String deliveryId = request.pathParameter("delivery");
                if (!Identifier.ID.accepts(deliveryId)) {
                    throw ApiError.notFound("Webhook delivery");
                }
                return ApiResponses.json(202, json(webhooks.retry(accountId, endpointId(request), deliveryId)));
            }
            default:
                throw new IllegalStateException("no route " + request.routeKey() + " in " + getClass().getSimpleName());
        }
    }

    private static String endpointId(ApiRequest request) {
        return request.pathId("Webhook endpoint");
    }

    private static URI url(String text) {
        return ReceiverUrls.parse("url", text);
    }

    /** The {@code events} filter: catalogued type names; none given is every type. */
    private static Optional<Set<EventType>> events(JsonNode body) {
        JsonNode events = body.get("events");
        if (events == null || events.isNull()) {
            return Optional.empty();
        }
        if (!events.isArray() || events.size() > EventType.values().length) {
            throw ApiError.invalidRequest("events", "'events' must be a list of event types (docs/events.md).");
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (JsonNode name : events) {
            types.add(EventType.ofWireName(name.asText()).filter(type -> name.isTextual())
                    .orElseThrow(() -> ApiError.invalidRequest("events", "'events' holds an unknown event type.")));
        }
        return Optional.of(types);
    }

    private static Optional<Boolean> enabled(JsonNode body) {
        JsonNode enabled = body.get("enabled");
        if (enabled == null || enabled.isNull()) {
            return Optional.empty();
        }
        if (!enabled.isBoolean()) {
            throw ApiError.invalidRequest("enabled", "'enabled' must be true or false.");
        }
        return Optional.of(enabled.booleanValue());
    }

    private static ObjectNode json(WebhookEndpoint endpoint) {
        ObjectNode json = ApiResponses.JSON.createObjectNode()
                .put("id", endpoint.endpointId())
                .put("object", "webhook_endpoint")
                .put("url", endpoint.url().toString())
                .put("description", endpoint.description())
                .put("status", endpoint.status().name().toLowerCase(Locale.ROOT))
                .put("created", endpoint.createdAt().getEpochSecond());
        ArrayNode events = json.putArray("events");
        endpoint.events().stream().map(EventType::wireName).sorted().forEach(events::add);
        endpoint.disabledReason().ifPresent(reason -> json.put("disabled_reason", reason));
        endpoint.failingSince().ifPresent(since -> json.put("failing_since", since.getEpochSecond()));
        endpoint.previousSecretExpiresAt().filter(until -> until.isAfter(java.time.Instant.now()))
                .ifPresent(until -> json.put("previous_secret_expires_at", until.getEpochSecond()));
        return json;
    }

    private static ObjectNode json(WebhookDelivery delivery) {
        ObjectNode json = ApiResponses.JSON.createObjectNode()
                .put("id", delivery.deliveryId())
                .put("object", "webhook_delivery")
                .put("event_id", delivery.eventId())
                .put("event_type", delivery.eventType())
                .put("status", delivery.status().name().toLowerCase(Locale.ROOT))
                .put("created", delivery.createdAt().getEpochSecond());
        delivery.callbackUrl().ifPresentOrElse(url -> json.put("job_id", delivery.endpointId()).put("url", url.toString()),
                () -> json.put("endpoint_id", delivery.endpointId()));
        ArrayNode attempts = json.putArray("attempts");
        delivery.attempts().forEach(attempt -> {
            ObjectNode logged = attempts.addObject().put("at", attempt.at().toString()).put("latency_ms", attempt.latencyMillis());
            attempt.statusCode().ifPresentOrElse(code -> logged.put("status_code", code), () -> logged.putNull("status_code"));
            attempt.error().ifPresent(error -> logged.put("error", error));
        });
        return json;
    }
}
