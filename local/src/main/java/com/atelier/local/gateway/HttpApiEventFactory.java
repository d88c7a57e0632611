package com.atelier.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.atelier.local.servers.LocalCredentials;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the event API Gateway HTTP APIs send to a Lambda integration, payload format 2.0, from a
 * real request, with every field AWS documents
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html):
 * header names lowercased and repeated headers joined by commas; cookies moved from the
 * {@code cookie} header to {@code cookies}; repeated query parameters joined by commas; bodies
 * base64-encoded unless their media type is text.
 */
public final class HttpApiEventFactory {

    /** Headers API Gateway adds to what the client sent, as it does in front of every integration. */
    static final Set<String> ADDED_HEADERS = Set.of("x-forwarded-for", "x-forwarded-port", "x-forwarded-proto", "x-amzn-trace-id");

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String apiId;

    public HttpApiEventFactory(String apiId) {
        this.apiId = apiId;
    }

    public APIGatewayV2HTTPEvent create(IncomingRequest request, RouteMatch match, Instant receivedAt,
                                        String requestId, String traceId) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (IncomingRequest.Header header : request.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String cookie : header.value().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.trim());
                    }
                }
            } else {
                headers.merge(name, header.value(), (first, next) -> first + "," + next);
            }
        }
        headers.put("x-forwarded-for", request.sourceIp());
        headers.put("x-forwarded-port", Integer.toString(request.serverPort()));
        headers.put("x-forwarded-proto", "http");
        headers.put("x-amzn-trace-id", traceId);

        String domainName = domainName(request.header("host"));
        boolean binary = !isText(request.header("content-type"));
        String body = request.body().length == 0 ? null
                : binary ? Base64.getEncoder().encodeToString(request.body())
                : new String(request.body(), StandardCharsets.UTF_8);

        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(match.route().routeKey())
                .withRawPath(request.rawPath())
                .withRawQueryString(request.rawQueryString())
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(queryParameters(request.rawQueryString()))
                .withPathParameters(match.pathParameters().isEmpty() ? null : new LinkedHashMap<>(match.pathParameters()))
                .withBody(body)
                .withIsBase64Encoded(body != null && binary)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId(LocalCredentials.ACCOUNT_ID)
                        .withApiId(apiId)
                        .withDomainName(domainName)
                        .withDomainPrefix(domainName.split("\\.", 2)[0])
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(request.method())
                                .withPath(request.rawPath())
                                .withProtocol(request.protocol())
                                .withSourceIp(request.sourceIp())
                                .withUserAgent(request.header("user-agent"))
                                .build())
                        .withRequestId(requestId)
                        .withRouteKey(match.route().routeKey())
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(receivedAt))
                        .withTimeEpoch(receivedAt.toEpochMilli())
                        .build())
                .build();
    }

    /** Decoded parameters, a repeated name's values joined by commas; absent when there is no query. */
    static Map<String, String> queryParameters(String rawQueryString) {
        if (rawQueryString.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQueryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decodeQueryPart(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decodeQueryPart(pair.substring(equals + 1));
            parameters.merge(name, value, (first, next) -> first + "," + next);
        }
        return parameters.isEmpty() ? null : parameters;
    }

    private static String decodeQueryPart(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return part;
        }
    }

    /**
     * API Gateway passes text bodies as they are and base64-encodes everything else, multipart
     * form data and requests without a content type included.
     */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.startsWith("text/")
                || mediaType.equals("application/json")
                || mediaType.endsWith("+json")
                || mediaType.equals("application/xml")
                || mediaType.endsWith("+xml")
                || mediaType.equals("application/javascript");
    }

    private static String domainName(String host) {
        if (host == null || host.isBlank()) {
            return "localhost";
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
