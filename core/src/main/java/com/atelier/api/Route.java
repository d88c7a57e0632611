package com.atelier.api;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One route of the HTTP API in API Gateway's own terms: a method (or {@code ANY}) and a path
 * template whose segments are literals, {@code {name}} variables, or a final greedy {@code {name+}}.
 */
public record Route(String method, String pathTemplate, FunctionDefinition function) {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY");
    private static final Pattern VARIABLE = Pattern.compile("\\{[A-Za-z0-9_]+\\+?}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*,;=:@-]+");

    public Route {
        Objects.requireNonNull(function, "function");
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unknown method " + method + " in route to " + pathTemplate);
        }
        List<String> segments = segmentsOf(pathTemplate);
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean variable = VARIABLE.matcher(segment).matches();
            if (!variable && !LITERAL.matcher(segment).matches()) {
                throw new IllegalArgumentException("invalid segment '" + segment + "' in " + pathTemplate);
            }
            if (segment.endsWith("+}") && i != segments.size() - 1) {
                throw new IllegalArgumentException("a greedy variable must be the last segment: " + pathTemplate);
            }
        }
    }

    /** API Gateway's route key, as it appears in events: {@code "GET /v1/jobs/{id}"}. */
    public String routeKey() {
        return method + " " + pathTemplate;
    }

    public List<String> segments() {
        return segmentsOf(pathTemplate);
    }

    private static List<String> segmentsOf(String pathTemplate) {
        if (pathTemplate == null || !pathTemplate.startsWith("/")) {
            throw new IllegalArgumentException("a path template starts with '/': " + pathTemplate);
        }
        if (pathTemplate.equals("/")) {
            return List.of();
        }
        return List.of(pathTemplate.substring(1).split("/", -1));
    }
}
