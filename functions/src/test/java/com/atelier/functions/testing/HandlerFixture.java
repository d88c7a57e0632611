package com.atelier.functions.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Role;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.Wiring;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The real {@link Wiring} that Lambda's composition roots pick from, over the test kit's in-memory
 * adapters ({@link InMemoryAdapters}): the handlers' whole request path, from authentication to the
 * queued job, in milliseconds. Events are API Gateway payload 2.0 JSON fixtures.
 */
public final class HandlerFixture {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The billing webhook's signing secret in this fixture's configuration. */
    public static final String WEBHOOK_SECRET = "whsec_handler_fixture";

    private final InMemoryAdapters adapters;
    private final Wiring wiring;

    public HandlerFixture(int imageRequestsPerMinute) {
        this(imageRequestsPerMinute, Map.of());
    }

    /** With more settings, as an operator's environment variables would give them. */
    public HandlerFixture(int imageRequestsPerMinute, Map<String, String> settings) {
        Map<String, String> variables = new HashMap<>(settings);
        variables.put(AtelierConfig.IMAGE_REQUESTS_PER_MINUTE_VARIABLE, Integer.toString(imageRequestsPerMinute));
        variables.put(AtelierConfig.BILLING_WEBHOOK_SECRET_VARIABLE, WEBHOOK_SECRET);
        AtelierConfig config = AtelierConfig.from(variables);
        adapters = new InMemoryAdapters(Clock.systemUTC());
        wiring = new Wiring(config, adapters, Clock.systemUTC());
    }

    public Wiring wiring() {
        return wiring;
    }

    /** What the handlers stored, to look at. */
    public InMemoryAdapters adapters() {
        return adapters;
    }

    /** Opens an account with its free credits and issues it a key; returns the key's secret. */
    public String newApiKey() {
        return newApiKey(Set.of(Role.USER));
    }

    /** As {@link #newApiKey()}, for an account with these roles. */
    public String newApiKey(Set<Role> roles) {
        String accountId = "acct-" + UUID.randomUUID();
        wiring.credits().openAccount(accountId, roles, Optional.empty());
        return wiring.apiKeys().create(accountId, "test", wiring.clock().instant()).secret();
    }

    /** The fixture {@code events/<name>.json} with this body and, when a key is given, its bearer header. */
    public static APIGatewayV2HTTPEvent event(String name, String apiKey, String body) {
        try (InputStream in = HandlerFixture.class.getResourceAsStream("/events/" + name + ".json")) {
            APIGatewayV2HTTPEvent event = JSON.readValue(in, APIGatewayV2HTTPEvent.class);
            Map<String, String> headers = new HashMap<>(event.getHeaders());
            if (apiKey != null) {
                headers.put("authorization", "Bearer " + apiKey);
            }
            event.setHeaders(headers);
            event.setBody(body);
            return event;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code jobs-submit} fixture turned into a request of another route: its route key, path and
     * query parameters, extra headers and body, and, when a key is given, its bearer header.
     */
    public static APIGatewayV2HTTPEvent event(String routeKey, String apiKey, Map<String, String> pathParameters,
                                              Map<String, String> query, Map<String, String> headers, String body) {
        APIGatewayV2HTTPEvent event = event("jobs-submit", apiKey, body);
        event.setRouteKey(routeKey);
        event.setPathParameters(pathParameters);
        event.setQueryStringParameters(query);
        Map<String, String> all = new HashMap<>(event.getHeaders());
        all.putAll(headers);
        event.setHeaders(all);
        return event;
    }

    public static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
