package com.atelier.functions.health;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.aws.BackingServicesCheck;
import com.atelier.health.HealthReport;
import com.atelier.health.ServiceHealth;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.atelier.resources.AtelierResources;

import java.util.Map;

/** {@code GET /health}: which backing services answer. The only route that needs no API key. */
public final class HealthHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BackingServicesCheck check;

    public HealthHandler() {
        this(new BackingServicesCheck(AwsClients.shared(), AtelierResources.of(AtelierConfig.fromEnvironment())));
    }

    public HealthHandler(BackingServicesCheck check) {
        this.check = check;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        HealthReport report = check.check();
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(report.healthy() ? 200 : 503)
                .withHeaders(Map.of("content-type", "application/json", "cache-control", "no-store"))
                .withBody(toJson(report))
                .build();
    }

    private static String toJson(HealthReport report) {
        ObjectNode body = JSON.createObjectNode().put("status", report.healthy() ? "ok" : "degraded");
        ObjectNode services = body.putObject("services");
        for (ServiceHealth service : report.services()) {
            ObjectNode node = services.putObject(service.service())
                    .put("status", service.up() ? "up" : "down")
                    .put("latencyMillis", service.latencyMillis());
            if (service.error() != null) {
                node.put("error", service.error());
            }
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }
}
