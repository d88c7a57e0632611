package com.atelier.local.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.api.FunctionDefinition;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Handlers that show the gateway from the function's side. */
final class TestFunctions {

    record Function(String shortName, String handlerClassName, Duration timeout, int memoryMegabytes)
            implements FunctionDefinition {
        static Function of(Class<?> handler, Duration timeout) {
            return new Function(handler.getSimpleName().toLowerCase(), handler.getName(), timeout, 256);
        }
    }

    static final AtomicReference<APIGatewayV2HTTPEvent> LAST_EVENT = new AtomicReference<>();
    static final AtomicReference<Context> LAST_CONTEXT = new AtomicReference<>();

    private TestFunctions() {
    }

    /** Keeps the event and answers with a status, headers, cookies and a binary body. */
    public static final class Capturing implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            LAST_EVENT.set(event);
            LAST_CONTEXT.set(context);
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(201)
                    .withHeaders(Map.of("content-type", "image/png", "x-echo", "yes"))
                    .withCookies(List.of("session=abc; HttpOnly", "theme=dark"))
                    .withBody("AQID")
                    .withIsBase64Encoded(true)
                    .build();
        }
    }

    /** Answers without a content type, which API Gateway fills in. */
    public static final class Plain implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody("{\"ok\":true}").build();
        }
    }

    public static final class Failing implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            throw new IllegalStateException("the function broke");
        }
    }

    /** Answers with CORS headers of its own, which API Gateway ignores once the API has a CORS configuration. */
    public static final class SelfDeclaredCors implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("access-control-allow-origin", "*", "x-ratelimit-limit-requests", "50"))
                    .withBody("{\"ok\":true}").build();
        }
    }

    public static final class Slow implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            try {
                // Nothing ever counts this down: the function simply outlives its deadline.
                new CountDownLatch(1).await(context.getRemainingTimeInMillis() + 5_000L, TimeUnit.MILLISECONDS);
            } catch (InterruptedException abandoned) {
                Thread.currentThread().interrupt();
            }
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).build();
        }
    }
}
