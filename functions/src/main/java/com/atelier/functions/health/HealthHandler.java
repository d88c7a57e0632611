package com.atelier.functions.health;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.config.OidcSignIn;
import com.atelier.aws.BackingServicesCheck;
import com.atelier.health.HealthReport;
import com.atelier.health.ServiceHealth;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.atelier.resources.AtelierResources;

import java.util.Map;
import java.util.Optional;

/**
 * The two routes that need no credentials: {@code GET /health}, which backing services answer, and
 * {@code GET /v1/auth/config}, where a browser signs in with OpenID Connect (or {@code "oidc": null}
 * where only API keys are taken).
 */
public final class HealthHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SIGN_IN_ROUTE = "GET /v1/auth/config";

    private final BackingServicesCheck check;
    private final Optional<OidcSignIn> signIn;

    public HealthHandler() {
        this(new BackingServicesCheck(AwsClients.shared(), AtelierResources.of(AtelierConfig.fromEnvironment())),
                OidcSignIn.fromEnvironment());
    }

    public HealthHandler(BackingServicesCheck check, Optional<OidcSignIn> signIn) {
        this.check = check;
        this.signIn = signIn;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (SIGN_IN_ROUTE.equals(event.getRouteKey())) {
            return signInConfiguration();
        }
        HealthReport report = check.check();
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(report.healthy() ? 200 : 503)
                .withHeaders(Map.of("content-type", "application/json", "cache-control", "no-store"))
                .withBody(toJson(report))
                .build();
    }

    /** Public and the same for every caller until a deployment changes it, so browsers may keep it a while. */
    private APIGatewayV2HTTPResponse signInConfiguration() {
        ObjectNode body = JSON.createObjectNode();
        signIn.ifPresentOrElse(settings -> body.putObject("oidc")
                        .put("issuer", settings.issuer())
                        .put("client_id", settings.clientId())
                        .put("authorization_endpoint", settings.authorizationEndpoint().toString())
                        .put("token_endpoint", settings.tokenEndpoint().toString())
                        .put("scope", OidcSignIn.SCOPE),
                () -> body.putNull("oidc"));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("content-type", "application/json", "cache-control", "public, max-age=300"))
                .withBody(body.toString())
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
