package com.atelier.local.gateway;

import com.atelier.api.Route;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the route for a request as API Gateway HTTP APIs do: the most specific path wins (a literal
 * segment over a {@code {variable}}, a variable over a greedy {@code {variable+}}), and a route for
 * the exact method over an {@code ANY} route.
 */
public final class RouteMatcher {

    private final List<Route> routes;

    public RouteMatcher(List<Route> routes) {
        this.routes = routes.stream().sorted(MOST_SPECIFIC_FIRST).toList();
    }

    public Optional<RouteMatch> match(String method, String rawPath) {
        List<String> segments = segmentsOf(rawPath);
        for (Route route : routes) {
            if (!route.method().equals(method) && !route.method().equals("ANY")) {
                continue;
            }
            Optional<Map<String, String>> parameters = bind(route.segments(), segments);
            if (parameters.isPresent()) {
                return Optional.of(new RouteMatch(route, parameters.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Map<String, String>> bind(List<String> template, List<String> segments) {
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String pattern = template.get(i);
            if (isGreedy(pattern)) {
                if (i >= segments.size()) {
                    return Optional.empty();
                }
                parameters.put(variableName(pattern), decode(String.join("/", segments.subList(i, segments.size()))));
                return Optional.of(parameters);
            }
            if (i >= segments.size()) {
                return Optional.empty();
            }
            String segment = segments.get(i);
            if (isVariable(pattern)) {
                if (segment.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(variableName(pattern), decode(segment));
            } else if (!pattern.equals(decode(segment))) {
                return Optional.empty();
            }
        }
        return template.size() == segments.size() ? Optional.of(parameters) : Optional.empty();
    }

    private static final Comparator<Route> MOST_SPECIFIC_FIRST = (left, right) -> {
        List<String> a = left.segments();
        List<String> b = right.segments();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int byKind = Integer.compare(rank(a.get(i)), rank(b.get(i)));
            if (byKind != 0) {
                return byKind;
            }
        }
        int byLength = Integer.compare(b.size(), a.size());
        if (byLength != 0) {
            return byLength;
        }
        return Boolean.compare(left.method().equals("ANY"), right.method().equals("ANY"));
    };

    private static int rank(String segment) {
        if (isGreedy(segment)) {
            return 2;
        }
        return isVariable(segment) ? 1 : 0;
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static boolean isGreedy(String segment) {
        return segment.startsWith("{") && segment.endsWith("+}");
    }

    private static String variableName(String segment) {
        return segment.substring(1, segment.length() - (isGreedy(segment) ? 2 : 1));
    }

    private static List<String> segmentsOf(String rawPath) {
        if (rawPath.isEmpty() || rawPath.equals("/")) {
            return List.of();
        }
        return List.of(rawPath.substring(1).split("/", -1));
    }

    /** Percent-decoding of a path segment: unlike a query, '+' is a literal plus here. */
    static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
