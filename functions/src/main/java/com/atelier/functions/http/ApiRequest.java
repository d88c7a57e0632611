package com.atelier.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** The parts of an API Gateway payload 2.0 event a handler reads, with the body decoded once. */
public record ApiRequest(String routeKey, String requestId, Map<String, String> headers,
                         Map<String, String> pathParameters, Map<String, String> queryParameters, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    public Optional<String> query(String name) {
        return Optional.ofNullable(queryParameters.get(name)).filter(value -> !value.isEmpty());
    }

    /** The {@code limit} query parameter of a paged list: an integer from 1 to {@code max}. */
    public int pageLimit(int defaultLimit, int max) {
        Optional<String> value = query("limit");
        if (value.isEmpty()) {
            return defaultLimit;
        }
        ApiError invalid = ApiError.invalidRequest("limit", "'limit' must be an integer from 1 to " + max + ".");
        try {
            int limit = Integer.parseInt(value.get());
            if (limit < 1 || limit > max) {
                throw invalid;
            }
            return limit;
        } catch (NumberFormatException e) {
            throw invalid;
        }
    }

    /** The body as a JSON object; an empty body is an empty object. */
    public JsonNode jsonBody() {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiError.invalidJson("The body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw ApiError.invalidJson("Check that it is valid JSON.");
        }
    }
}
