package com.atelier.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** The parts of an API Gateway payload 2.0 event a handler reads, with the body decoded once. */
public record ApiRequest(String routeKey, String requestId, Map<String, String> headers,
                         Map<String, String> pathParameters, Map<String, String> queryParameters, byte[] body) {

    /**
     * How every JSON body is read, the billing webhook's included: one value and nothing after it, and
     * no key twice. A lenient reader charges for {@code {"n":1} garbage}, and lets a body mean one thing
     * to a proxy that keeps the first of two keys and another to us, who would keep the last.
     */
    public static final ObjectMapper JSON_BODIES = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    public static ApiRequest of(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        byte[] bytes = body == null ? new byte[0]
                : event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        String requestId = event.getRequestContext() == null ? "unknown" : event.getRequestContext().getRequestId();
        return new ApiRequest(event.getRouteKey(), requestId,
                event.getHeaders() == null ? Map.of() : event.getHeaders(),
                event.getPathParameters() == null ? Map.of() : event.getPathParameters(),
                event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters(),
                bytes);
    }

    /** API Gateway lowercases header names in payload 2.0. */
    public Optional<String> header(String lowercaseName) {
        return Optional.ofNullable(headers.get(lowercaseName));
    }

    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route " + routeKey + " has no path parameter " + name);
        }
        return value;
    }

    /**
     * The route's {@code {id}}: one that no id of this API can be is answered as not found, as an id
     * that could be but is not, without being echoed back.
     *
     * @param what the thing the id names, as the 404 says it ("Job")
     */
    public String pathId(String what) {
        String id = pathParameter("id");
        if (!Identifier.ID.accepts(id)) {
            throw ApiError.notFound(what);
        }
        return id;
    }

    /** The {@code after} cursor of a paged list, when one is given. */
    public Optional<String> after() {
        return Optional.ofNullable(queryParameters.get("after")).map(cursor -> Identifier.CURSOR.parse("after", cursor));
    }

    /** The {@code Idempotency-Key} header when sent; an empty one is refused rather than taken as a key. */
    public Optional<String> idempotencyKey() {
        return header("idempotency-key").map(key -> Identifier.IDEMPOTENCY_KEY.parse("Idempotency-Key", key));
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(queryParameters.get(name)).filter(value -> !value.isEmpty());
    }

    /** The {@code limit} query parameter of a paged list: an integer from 1 to {@code max}. */
    public int pageLimit(int defaultLimit, int max) {
        Optional<String> value = query("limit");
        if (value.isEmpty()) {
            return defaultLimit;
        }
        JsonNode limit = JsonFields.integerText(value.get());
        if (!limit.isInt() || limit.intValue() < 1 || limit.intValue() > max) {
            throw ApiError.invalidRequest("limit", "'limit' must be an integer from 1 to " + max + ".");
        }
        return limit.intValue();
    }

    /** The body as a JSON object; an empty body is an empty object. */
    public JsonNode jsonBody() {
        if (body.length == 0) {
            return JSON_BODIES.createObjectNode();
        }
        try {
            JsonNode node = JSON_BODIES.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiError.invalidJson("The body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw ApiError.invalidJson("Check that it is one valid JSON object, with nothing after it and no key twice.");
        }
    }
}
