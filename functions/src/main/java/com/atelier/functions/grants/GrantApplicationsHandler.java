package com.atelier.functions.grants;

import com.atelier.functions.wiring.Wiring;
import com.atelier.auth.Authenticator;
import com.atelier.grants.GrantApplications;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.api.ApiFunction;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.functions.http.JsonFields;
import com.atelier.functions.http.SnapStartPriming;
import com.atelier.grants.GrantApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/** Subsidized access for artists: applying, and the admins' review queue. */
public final class GrantApplicationsHandler extends ApiHandler {

    private static final int MAX_LIST = 100;
    /** Browsers' own practical limit on a URL. */
    private static final int MAX_URL_LENGTH = 2048;
    private static final int MAX_REASON_LENGTH = 2000;

    private final Services services;

    /** What this function uses, and nothing else: its composition root is {@link #wire}. */
    public record Services(Authenticator authenticator, GrantApplications grantApplications) {
        public static Services wire(Wiring wiring) {
            return new Services(wiring.authenticator(),
                    wiring.grantApplications());
        }
    }

    public GrantApplicationsHandler() {
        this(Wiring.fromEnvironment());
    }

    private GrantApplicationsHandler(Wiring wiring) {
        this(Services.wire(wiring));
        SnapStartPriming.register(this, ApiFunction.GRANT_APPLICATIONS, wiring);
    }

    public GrantApplicationsHandler(Services services) {
        this.services = services;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String authorization = request.header("authorization").orElse(null);
        switch (request.routeKey()) {
            case "POST /v1/grants/applications": {
                Account caller = services.authenticator().authenticate(authorization);
                JsonNode body = request.jsonBody();
                GrantApplication application = services.grantApplications().apply(caller.accountId(),
                        JsonFields.requiredText(body, "statement"), JsonFields.requiredText(body, "portfolio_url", MAX_URL_LENGTH));
                return ApiResponses.json(201, json(application));
            }
            case "GET /v1/admin/grants/applications": {
                services.authenticator().authenticateAdmin(authorization);
                GrantApplication.Status status = status(request.query("status").orElse("pending"));
                ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "list");
                ArrayNode data = answer.putArray("data");
                services.grantApplications().list(status, MAX_LIST).forEach(application -> data.add(json(application)));
                return ApiResponses.json(200, answer);
            }
            case "POST /v1/admin/grants/applications/{id}/approve": {
                Account admin = services.authenticator().authenticateAdmin(authorization);
                JsonNode body = request.jsonBody();
                return ApiResponses.json(200, json(services.grantApplications().approve(request.pathId("Grant application"),
                        admin.accountId(), JsonFields.requiredInt(body, "credits", 1, 100_000),
                        JsonFields.requiredInstant(body, "expires_at"))));
            }
            case "POST /v1/admin/grants/applications/{id}/reject": {
                Account admin = services.authenticator().authenticateAdmin(authorization);
                return ApiResponses.json(200, json(services.grantApplications().reject(request.pathId("Grant application"),
                        admin.accountId(), JsonFields.optionalText(request.jsonBody(), "reason", MAX_REASON_LENGTH).orElse(null))));
            }
            default:
                throw new IllegalStateException("no route " + request.routeKey() + " in " + getClass().getSimpleName());
        }
    }

    private static GrantApplication.Status status(String value) {
        try {
            return GrantApplication.Status.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidRequest("status", "'status' must be pending, approved or rejected.");
        }
    }

    private static ObjectNode json(GrantApplication application) {
        ObjectNode json = ApiResponses.JSON.createObjectNode()
                .put("id", application.applicationId())
                .put("object", "grant_application")
                .put("account_id", application.accountId())
                .put("statement", application.statement())
                .put("portfolio_url", application.portfolioUrl())
                .put("status", application.status().name().toLowerCase(Locale.ROOT))
                .put("created", application.createdAt().getEpochSecond());
        application.decidedAt().ifPresent(at -> json.put("decided_at", at.getEpochSecond()));
        application.grantedCredits().ifPresent(credits -> json.put("granted_credits", credits));
        application.grantExpiresAt().ifPresent(at -> json.put("grant_expires_at", at.getEpochSecond()));
        application.rejectionReason().ifPresent(reason -> json.put("rejection_reason", reason));
        return json;
    }
}
