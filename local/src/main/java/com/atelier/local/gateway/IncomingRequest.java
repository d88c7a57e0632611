package com.atelier.local.gateway;

import java.util.List;
import java.util.Objects;

/**
 * An HTTP request as it reached the gateway, before any interpretation: what API Gateway sees.
 *
 * @param rawPath        the path exactly as sent, still percent-encoded
 * @param rawQueryString the query after '?', as sent; empty when there is none
 * @param headers        every header line in arrival order, names as sent
 * @param serverPort     the gateway port the request came in on
 */
public record IncomingRequest(
        String method,
        String rawPath,
        String rawQueryString,
        List<Header> headers,
        byte[] body,
        String sourceIp,
        int serverPort,
        String protocol) {

    public record Header(String name, String value) {
    }

    public IncomingRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(rawQueryString, "rawQueryString");
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** The first value of a header, matched case-insensitively as HTTP requires. */
    public String header(String name) {
        return headers.stream()
                .filter(header -> header.name().equalsIgnoreCase(name))
                .map(Header::value)
                .findFirst()
                .orElse(null);
    }
}
