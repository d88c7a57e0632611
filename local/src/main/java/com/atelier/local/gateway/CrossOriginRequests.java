package com.atelier.local.gateway;

import com.atelier.config.CorsSettings;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

import java.util.Locale;

/**
 * What an HTTP API's built-in CORS configuration does (AWS: "Configure CORS for HTTP APIs"): it
 * answers every preflight itself, with or without an OPTIONS route, adds the configured headers to
 * the answer of a request whose {@code Origin} it allows, and drops the CORS headers a function
 * returns. A request from an origin it does not allow gets no CORS header at all, so the browser
 * withholds the answer from the page.
 */
final class CrossOriginRequests {

    private static final HttpString ALLOW_ORIGIN = HttpString.tryFromString("access-control-allow-origin");
    private static final HttpString ALLOW_METHODS = HttpString.tryFromString("access-control-allow-methods");
    private static final HttpString ALLOW_HEADERS = HttpString.tryFromString("access-control-allow-headers");
    private static final HttpString EXPOSE_HEADERS = HttpString.tryFromString("access-control-expose-headers");
    private static final HttpString MAX_AGE = HttpString.tryFromString("access-control-max-age");
    private static final HttpString REQUEST_METHOD = HttpString.tryFromString("access-control-request-method");

    private final CorsSettings settings;

    CrossOriginRequests(CorsSettings settings) {
        this.settings = settings;
    }

    /** A preflight is an OPTIONS request naming its origin and the method it asks for; API Gateway answers 204. */
    static boolean isPreflight(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        return exchange.getRequestMethod().equals(Methods.OPTIONS)
                && headers.contains(Headers.ORIGIN) && headers.contains(REQUEST_METHOD);
    }

    void answerPreflight(HttpServerExchange exchange) {
        exchange.setStatusCode(204);
        if (allowOrigin(exchange)) {
            HeaderMap answer = exchange.getResponseHeaders();
            answer.put(ALLOW_METHODS, String.join(",", CorsSettings.ALLOWED_METHODS));
            answer.put(ALLOW_HEADERS, String.join(",", CorsSettings.ALLOWED_HEADERS));
            answer.put(MAX_AGE, CorsSettings.MAX_AGE.toSeconds());
        }
        exchange.endExchange();
    }

    /** Adds the origin and the headers a page may read to the answer, when the request's origin is allowed. */
    void allowActualRequest(HttpServerExchange exchange) {
        if (allowOrigin(exchange)) {
            exchange.getResponseHeaders().put(EXPOSE_HEADERS, String.join(",", CorsSettings.EXPOSED_HEADERS));
        }
    }

    /** A function's own CORS headers are ignored, as API Gateway ignores them once CORS is configured. */
    static boolean isCorsHeader(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("access-control-");
    }

    private boolean allowOrigin(HttpServerExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin == null) {
            return false;
        }
        // The answer depends on the Origin, so a shared cache must not hand it to another origin.
        exchange.getResponseHeaders().add(Headers.VARY, "Origin");
        if (!settings.allows(origin)) {
            return false;
        }
        exchange.getResponseHeaders().put(ALLOW_ORIGIN, settings.allowedOrigins().contains("*") ? "*" : origin);
        return true;
    }
}
