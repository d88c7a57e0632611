package com.atelier.api;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The route table of Atelier's HTTP API, read by the local gateway and by the CDK app. */
public final class ApiRoutes {

    public static final List<Route> ALL = checkedUnique(List.of(
            new Route("GET", "/health", ApiFunction.HEALTH),
            new Route("GET", "/v1/auth/config", ApiFunction.HEALTH),
            new Route("GET", "/v1/openapi.json", ApiFunction.API_DESCRIPTION),
            new Route("POST", "/v1/admin/accounts", ApiFunction.ACCOUNTS),
            new Route("POST", "/v1/admin/accounts/{id}/grants", ApiFunction.ACCOUNTS),
            new Route("POST", "/v1/admin/accounts/{id}/status", ApiFunction.ACCOUNTS),
            new Route("GET", "/v1/admin/accounts/{id}/audit", ApiFunction.ACCOUNTS),
            new Route("GET", "/v1/keys", ApiFunction.ACCOUNTS),
            new Route("POST", "/v1/keys", ApiFunction.ACCOUNTS),
            new Route("DELETE", "/v1/keys/{id}", ApiFunction.ACCOUNTS),
            new Route("PATCH", "/v1/keys/{id}", ApiFunction.ACCOUNTS),
            new Route("GET", "/v1/budgets", ApiFunction.ACCOUNTS),
            new Route("PUT", "/v1/budgets/account", ApiFunction.ACCOUNTS),
            new Route("GET", "/v1/budgets/account", ApiFunction.ACCOUNTS),
            new Route("DELETE", "/v1/budgets/account", ApiFunction.ACCOUNTS),
            new Route("PUT", "/v1/budgets/users/{user}", ApiFunction.ACCOUNTS),
            new Route("GET", "/v1/budgets/users/{user}", ApiFunction.ACCOUNTS),
            new Route("DELETE", "/v1/budgets/users/{user}", ApiFunction.ACCOUNTS),
            new Route("GET", "/v1/credits", ApiFunction.CREDITS),
            new Route("GET", "/v1/credits/ledger", ApiFunction.CREDITS),
            new Route("GET", "/v1/credits/alerts", ApiFunction.CREDITS),
            new Route("PUT", "/v1/credits/alerts", ApiFunction.CREDITS),
            new Route("POST", "/v1/billing/webhook", ApiFunction.BILLING_WEBHOOK),
            new Route("POST", "/v1/grants/applications", ApiFunction.GRANT_APPLICATIONS),
            new Route("GET", "/v1/admin/grants/applications", ApiFunction.GRANT_APPLICATIONS),
            new Route("POST", "/v1/admin/grants/applications/{id}/approve", ApiFunction.GRANT_APPLICATIONS),
            new Route("POST", "/v1/admin/grants/applications/{id}/reject", ApiFunction.GRANT_APPLICATIONS),
            new Route("POST", "/v1/images/generations", ApiFunction.IMAGES),
            new Route("POST", "/v1/images/edits", ApiFunction.IMAGES),
            new Route("POST", "/v1/images/variations", ApiFunction.IMAGES),
            new Route("POST", "/v1/uploads", ApiFunction.JOBS),
            new Route("POST", "/v1/jobs", ApiFunction.JOBS),
            new Route("GET", "/v1/jobs", ApiFunction.JOBS),
            new Route("GET", "/v1/jobs/{id}", ApiFunction.JOBS),
            new Route("DELETE", "/v1/jobs/{id}", ApiFunction.JOBS),
            new Route("GET", "/v1/models", ApiFunction.JOBS),
            new Route("GET", "/v1/models/{id}", ApiFunction.JOBS),
            new Route("GET", "/v1/organization/usage/images", ApiFunction.USAGE),
            new Route("GET", "/v1/organization/costs", ApiFunction.USAGE),
            new Route("GET", "/v1/usage/images", ApiFunction.USAGE),
            new Route("GET", "/v1/usage/costs", ApiFunction.USAGE),
            new Route("POST", "/v1/moderations", ApiFunction.MODERATION),
            new Route("GET", "/v1/admin/reviews", ApiFunction.MODERATION),
            new Route("POST", "/v1/admin/reviews/{id}/resolve", ApiFunction.MODERATION),
            new Route("POST", "/v1/webhooks", ApiFunction.WEBHOOKS),
            new Route("GET", "/v1/webhooks", ApiFunction.WEBHOOKS),
            new Route("GET", "/v1/webhooks/{id}", ApiFunction.WEBHOOKS),
            new Route("PATCH", "/v1/webhooks/{id}", ApiFunction.WEBHOOKS),
            new Route("DELETE", "/v1/webhooks/{id}", ApiFunction.WEBHOOKS),
            new Route("POST", "/v1/webhooks/{id}/rotate-secret", ApiFunction.WEBHOOKS),
            new Route("POST", "/v1/webhooks/{id}/test", ApiFunction.WEBHOOKS),
            new Route("GET", "/v1/webhooks/{id}/deliveries", ApiFunction.WEBHOOKS),
            new Route("POST", "/v1/webhooks/{id}/deliveries/{delivery}/retry", ApiFunction.WEBHOOKS),
            new Route("GET", "/v1/webhooks/default/secret", ApiFunction.WEBHOOKS),
            new Route("GET", "/v1/jobs/{id}/webhook-deliveries", ApiFunction.WEBHOOKS)));

    private ApiRoutes() {
    }

    private static List<Route> checkedUnique(List<Route> routes) {
        Set<String> keys = new HashSet<>();
        for (Route route : routes) {
            if (!keys.add(route.routeKey())) {
                throw new IllegalStateException("route declared twice: " + route.routeKey());
            }
        }
        return routes;
    }
}
