package com.atelier.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.atelier.logging.JsonLog;
import com.atelier.metrics.EmbeddedMetrics;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * What every API handler does around its own work: parse the event, answer whatever it throws through
 * {@link ErrorMapping}, and write one JSON log line and one metrics record per request.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            return handleAndLog(event);
        } finally {
            // The account the authenticator appended belongs to this request only.
            JsonLog.clearKeys();
        }
    }

    private APIGatewayV2HTTPResponse handleAndLog(APIGatewayV2HTTPEvent event) {
        long start = System.nanoTime();
        ApiRequest request = ApiRequest.of(event);
        APIGatewayV2HTTPResponse response;
        try {
            response = handle(request);
        } catch (RuntimeException e) {
            response = ErrorMapping.answer(e, request.requestId());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        JsonLog.info("request", JsonLog.fields().put("requestId", request.requestId())
                .put("route", request.routeKey())
                .put("status", response.getStatusCode())
                .put("millis", millis));
        EmbeddedMetrics.of("Route", request.routeKey())
                .put("Requests", 1, EmbeddedMetrics.Unit.COUNT)
                .put(response.getStatusCode() >= 500 ? "ServerErrors" : response.getStatusCode() >= 400 ? "ClientErrors" : "Successes",
                        1, EmbeddedMetrics.Unit.COUNT)
                .put("Latency", millis, EmbeddedMetrics.Unit.MILLISECONDS)
                .property("requestId", request.requestId())
                .emit();
        return response;
    }

    /** Answers one request of this handler's routes; throws {@link ApiError} for what it refuses at the edge
     * and lets the domain's refusals through, for {@link ErrorMapping} to answer. */
    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request);
}
