package com.atelier.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** JSON answers, and errors in OpenAI's shape. */
public final class ApiResponses {

    public static final ObjectMapper JSON = new ObjectMapper();

    private ApiResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(status)
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody(JSON.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answers are built from JSON trees and records", e);
        }
    }

    public static APIGatewayV2HTTPResponse error(ApiError error) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode details = body.putObject("error");
        details.put("message", error.getMessage());
        details.put("type", error.type());
        if (error.param() == null) {
            details.putNull("param");
        } else {
            details.put("param", error.param());
        }
        details.put("code", error.code());
        return json(error.status(), body);
    }

    /** The same answer with more headers. */
    public static APIGatewayV2HTTPResponse withHeaders(APIGatewayV2HTTPResponse response, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
        all.putAll(headers);
        response.setHeaders(all);
        return response;
    }
}
