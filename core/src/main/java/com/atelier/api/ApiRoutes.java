package com.atelier.api;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The route table of Atelier's HTTP API, read by the local gateway and by the CDK app. */
public final class ApiRoutes {

    public static final List<Route> ALL = checkedUnique(List.of(
            new Route("GET", "/health", ApiFunction.HEALTH)));

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
