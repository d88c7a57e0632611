package com.atelier.local.gateway;

import com.atelier.api.Route;

import java.util.Map;

/** The route a request reached, with the values of its path variables (percent-decoded). */
public record RouteMatch(Route route, Map<String, String> pathParameters) {

    public RouteMatch {
        pathParameters = Map.copyOf(pathParameters);
    }
}
