package com.atelier.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.api.ApiRoutes;
import com.atelier.api.Route;
import com.atelier.config.CorsSettings;
import com.atelier.local.LocalStackException;
import com.atelier.local.logs.LocalLogging;
import com.atelier.local.logs.RequestAttribution;
import com.atelier.local.logs.RequestLine;
import com.atelier.local.servers.ListenAddress;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP server that stands in for API Gateway (HTTP API, Lambda proxy integrations, payload 2.0):
 * it matches the route, builds the event AWS would send, invokes the handler in this JVM, and turns
 * the handler's response into HTTP. Its own answers copy API Gateway's: 404 {@code Not Found} for
 * an unknown route, 413 for a body over 10 MB or an event over Lambda's 6 MB, 500 when the function
 * fails, 503 when it runs past API Gateway's 30 s. A request whose head is not strict HTTP/1.1 (a bare
 * CR or LF in a header, which a proxy in front and a lenient parser would read as different headers)
 * never reaches this code: Undertow's parser answers 400, with an empty body, and closes the connection.
 * CORS is API Gateway's built-in configuration, for the origins of {@link CorsSettings}
 * ({@link CrossOriginRequests}).
 */
public final class HttpApiGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiGateway.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger(LocalLogging.REQUESTS_LOGGER);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;
    static final long MAX_EVENT_BYTES = 6L * 1024 * 1024;
    static final Duration INTEGRATION_TIMEOUT = Duration.ofSeconds(30);

    private final RouteMatcher routes;
    private final LambdaFunctions functions;
    private final CrossOriginRequests crossOrigin;
    private final HttpApiEventFactory events = new HttpApiEventFactory("local");
    private final Optional<HttpHandler> localRoutes;
    private final Optional<ExchangeLog> exchanges = ExchangeLog.fromEnvironment();
    private final Undertow server;
    private final ListenAddress address;
    private final int port;

    private HttpApiGateway(List<Route> routeTable, LambdaFunctions functions, ListenAddress address, int requestedPort,
                           CorsSettings cors, Optional<HttpHandler> localRoutes) {
        this.routes = new RouteMatcher(routeTable);
        this.functions = functions;
        this.address = address;
        this.crossOrigin = new CrossOriginRequests(cors);
        this.localRoutes = localRoutes;
        this.server = Undertow.builder()
                .addHttpListener(requestedPort, address.bind())
                // Undertow's own limit (2 MB by default) would cut a body off with a reset; the gateway
                // reads one byte past its own limit to answer API Gateway's 413 itself.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_REQUEST_BYTES + 1)
                .setHandler(new BlockingHandler(this::handle))
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            if (hasCause(e, BindException.class)) {
                throw new LocalStackException("port " + requestedPort + " on " + address.bind() + " is taken: stop what uses it,"
                        + " or choose another with --port", e);
            }
            throw e;
        }
        this.port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Starts listening on loopback.
     *
     * @param port the port to listen on; 0 for any free one
     */
    public static HttpApiGateway start(List<Route> routeTable, LambdaFunctions functions, int port) {
        return start(routeTable, functions, port, new CorsSettings(List.of()));
    }

    /**
     * Starts listening on loopback, answering browsers from the origins {@code cors} allows.
     *
     * @param port the port to listen on; 0 for any free one
     */
    public static HttpApiGateway start(List<Route> routeTable, LambdaFunctions functions, int port, CorsSettings cors) {
        return new HttpApiGateway(routeTable, functions, ListenAddress.LOOPBACK, port, cors, Optional.empty());
    }

    /**
     * Starts listening on loopback, with what only the local stage serves beside the API (the web
     * client's files, the test-mode checkout): asked only for a request that no API route matches,
     * so API routes keep precedence.
     */
    public static HttpApiGateway start(List<Route> routeTable, LambdaFunctions functions, int port, CorsSettings cors,
                                       HttpHandler localRoutes) {
        return start(routeTable, functions, ListenAddress.LOOPBACK, port, cors, localRoutes);
    }

    /** As above, listening on {@code address} ({@code --host}), its URL carrying the advertised address. */
    public static HttpApiGateway start(List<Route> routeTable, LambdaFunctions functions, ListenAddress address, int port,
                                       CorsSettings cors, HttpHandler localRoutes) {
        return new HttpApiGateway(routeTable, functions, address, port, cors, Optional.of(localRoutes));
    }

    public URI url() {
        return URI.create("http://" + address.urlHost() + ":" + port);
    }

    public int port() {
        return port;
    }

    private void handle(HttpServerExchange exchange) throws Exception {
        Instant receivedAt = Instant.now();
        String requestId = newRequestId();
        logWhenDone(exchange, requestId);
        exchange.getResponseHeaders().put(HttpString.tryFromString("apigw-requestid"), requestId);
        if (CrossOriginRequests.isPreflight(exchange)) {
            crossOrigin.answerPreflight(exchange);
            return;
        }
        crossOrigin.allowActualRequest(exchange);
        if (exchange.getRequestContentLength() > MAX_REQUEST_BYTES) {
            answer(exchange, 413, "Request Entity Too Large");
            return;
        }
        if (localRoutes.isPresent()
                && routes.match(exchange.getRequestMethod().toString(), pathOf(exchange.getRequestURI())).isEmpty()) {
            localRoutes.get().handleRequest(exchange);
            return;
        }
        // Read one byte past the limit, so that a chunked body without a length is refused too.
        byte[] body = exchange.getInputStream().readNBytes((int) MAX_REQUEST_BYTES + 1);
        if (body.length > MAX_REQUEST_BYTES) {
            answer(exchange, 413, "Request Entity Too Large");
            return;
        }
        IncomingRequest request = toIncomingRequest(exchange, body);
        Optional<RouteMatch> match = routes.match(request.method(), request.rawPath());
        if (match.isEmpty()) {
            answer(exchange, 404, "Not Found");
            return;
        }
        byte[] answered = answerRoute(exchange, request, match.get(), receivedAt, requestId);
        // Only the API's own functions are held to its description: the gateway's tests mount stand-ins on its paths.
        if (ApiRoutes.ALL.contains(match.get().route())) {
            exchanges.ifPresent(log -> log.record(match.get().route(), request, exchange.getStatusCode(),
                    headersOf(exchange), answered));
        }
    }

    /** Invokes the route's function and writes what the client gets; returns the body written. */
    private byte[] answerRoute(HttpServerExchange exchange, IncomingRequest request, RouteMatch match, Instant receivedAt,
                               String requestId) throws IOException {
        APIGatewayV2HTTPEvent event = events.create(request, match, receivedAt, requestId, newTraceId(receivedAt));
        if (JSON.writeValueAsBytes(event).length > MAX_EVENT_BYTES) {
            return answer(exchange, 413, "Request Entity Too Large");
        }
        LambdaFunctions.Outcome outcome = functions.invoke(match.route().function(), event, INTEGRATION_TIMEOUT);
        if (outcome instanceof LambdaFunctions.Outcome.Returned returned) {
            return write(exchange, returned.response(), requestId);
        } else if (outcome instanceof LambdaFunctions.Outcome.Failed failed) {
            LOG.error("{} {} failed in {}", request.method(), request.rawPath(),
                    match.route().function().handlerClassName(), failed.error());
            return answer(exchange, 500, "Internal Server Error");
        } else if (outcome instanceof LambdaFunctions.Outcome.TimedOut timedOut) {
            LOG.error("{} {} ran past {} s", request.method(), request.rawPath(), timedOut.limit().toSeconds());
            // A function past its own timeout is a function error; past 30 s, API Gateway gives up first.
            boolean gatewayGaveUp = timedOut.limit().compareTo(INTEGRATION_TIMEOUT) >= 0;
            return answer(exchange, gatewayGaveUp ? 503 : 500, gatewayGaveUp ? "Service Unavailable" : "Internal Server Error");
        }
        throw new IllegalStateException("an outcome of no known kind: " + outcome);
    }

    private static Map<String, String> headersOf(HttpServerExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getResponseHeaders()) {
            headers.put(values.getHeaderName().toString(), values.getFirst());
        }
        return headers;
    }

    /** One console line per request, whatever answered it, once the answer is sent. */
    private static void logWhenDone(HttpServerExchange exchange, String requestId) {
        long startNanos = System.nanoTime();
        exchange.addExchangeCompleteListener((done, next) -> {
            REQUESTS.info(RequestLine.of(done.getRequestMethod().toString(), pathOf(done.getRequestURI()), done.getStatusCode(),
                    (System.nanoTime() - startNanos) / 1_000_000, RequestAttribution.take(requestId)).message());
            next.proceed();
        });
    }

    private static IncomingRequest toIncomingRequest(HttpServerExchange exchange, byte[] body) {
        List<IncomingRequest.Header> headers = new ArrayList<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            for (String value : values) {
                headers.add(new IncomingRequest.Header(values.getHeaderName().toString(), value));
            }
        }
        return new IncomingRequest(
                exchange.getRequestMethod().toString(),
                pathOf(exchange.getRequestURI()),
                exchange.getQueryString(),
                headers,
                body,
                exchange.getSourceAddress().getAddress().getHostAddress(),
                exchange.getDestinationAddress().getPort(),
                exchange.getProtocol().toString());
    }

    /** The request target as sent, without scheme and authority when the client used the absolute form. */
    private static String pathOf(String requestUri) {
        if (requestUri.startsWith("/")) {
            return requestUri;
        }
        int schemeEnd = requestUri.indexOf("://");
        int pathStart = schemeEnd < 0 ? -1 : requestUri.indexOf('/', schemeEnd + 3);
        return pathStart < 0 ? "/" : requestUri.substring(pathStart);
    }

    private byte[] write(HttpServerExchange exchange, APIGatewayV2HTTPResponse response, String requestId) throws IOException {
        if (response == null || response.getStatusCode() < 100 || response.getStatusCode() > 599) {
            LOG.error("request {}: the function returned no valid status code", requestId);
            return answer(exchange, 500, "Internal Server Error");
        }
        exchange.setStatusCode(response.getStatusCode());
        boolean contentTypeSet = false;
        if (response.getHeaders() != null) {
            for (Map.Entry<String, String> header : response.getHeaders().entrySet()) {
                if (CrossOriginRequests.isCorsHeader(header.getKey())) {
                    continue;
                }
                exchange.getResponseHeaders().put(HttpString.tryFromString(header.getKey()), header.getValue());
                contentTypeSet |= header.getKey().equalsIgnoreCase("content-type");
            }
        }
        if (response.getMultiValueHeaders() != null) {
            for (Map.Entry<String, List<String>> header : response.getMultiValueHeaders().entrySet()) {
                if (CrossOriginRequests.isCorsHeader(header.getKey())) {
                    continue;
                }
                exchange.getResponseHeaders().addAll(HttpString.tryFromString(header.getKey()), header.getValue());
                contentTypeSet |= header.getKey().equalsIgnoreCase("content-type");
            }
        }
        if (response.getCookies() != null) {
            exchange.getResponseHeaders().addAll(HttpString.tryFromString("set-cookie"), response.getCookies());
        }
        if (!contentTypeSet) {
            // API Gateway's default for a payload 2.0 response without a content type.
            exchange.getResponseHeaders().put(HttpString.tryFromString("content-type"), "application/json");
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        exchange.getOutputStream().write(bytes);
        return bytes;
    }

    /** API Gateway's own answers: {@code {"message": "Not Found"}} and the like. */
    public static byte[] answer(HttpServerExchange exchange, int status, String message) throws IOException {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(HttpString.tryFromString("content-type"), "application/json");
        byte[] body = JSON.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8);
        exchange.getOutputStream().write(body);
        return body;
    }

    /** API Gateway's request ids are short base64 strings such as {@code JKJaXmPLvHcESHA=}. */
    private static String newRequestId() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** An X-Ray trace id, {@code Root=1-<epoch seconds in hex>-<96 random bits>}, as API Gateway adds. */
    private static String newTraceId(Instant receivedAt) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "Root=1-" + Long.toHexString(receivedAt.getEpochSecond()) + "-" + HexFormat.of().formatHex(bytes);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop();
        functions.close();
    }
}
