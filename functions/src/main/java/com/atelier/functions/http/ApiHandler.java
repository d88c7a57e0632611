package com.atelier.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.atelier.logging.JsonLog;
import com.atelier.metrics.EmbeddedMetrics;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.api.ApiException;
import com.atelier.credits.CreditContentionException;
import com.atelier.credits.InsufficientCreditsException;
import com.atelier.jobs.JobAdmission;

/**
 * What every API handler does around its own work: parse the event, turn an {@link ApiException}
 * or a domain refusal (not enough credits: 429 {@code insufficient_quota}; an idempotency key reused
 * for another request: 409; contention or a queue outage, after which nothing stays charged: 503)
 * into OpenAI's error shape, and any other failure into a 500 that names the request id, with one
 * JSON log line per request.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long start = System.nanoTime();
        ApiRequest request = ApiRequest.of(event);
        APIGatewayV2HTTPResponse response;
        try {
            response = handle(request);
        } catch (ApiException e) {
            response = ApiResponses.error(e);
        } catch (InsufficientCreditsException e) {
            response = ApiResponses.error(ApiException.insufficientQuota(capitalized(e.getMessage())));
        } catch (JobAdmission.ConflictingRequestException e) {
            response = ApiResponses.error(ApiException.conflict("Idempotency-Key",
                    "This Idempotency-Key was used with a different request."));
        } catch (CreditContentionException | JobAdmission.QueueUnavailableException e) {
            JsonLog.warn("unavailable", JsonLog.fields().put("requestId", request.requestId()).put("reason", e.getMessage()));
            response = ApiResponses.error(ApiException.unavailable("The service is busy; nothing was charged. Try again."));
        } catch (RuntimeException e) {
            JsonLog.error("unhandled", JsonLog.fields().put("requestId", request.requestId()), e);
            response = ApiResponses.error(ApiException.internal(request.requestId()));
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

    private static String capitalized(String message) {
        return Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }

    /** Answers one request of this handler's routes; throws {@link ApiException} for anything the caller got wrong. */
    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request);
}
