package com.atelier.functions.images;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiResponses;
import com.atelier.functions.http.ErrorMapping;
import com.atelier.ratelimit.RateLimiter;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-account, per-minute limit on requests that make images (the Images API and {@code POST
 * /v1/jobs}): counted before anything else happens, answered 429 beyond it, and told in OpenAI's
 * {@code x-ratelimit-*} headers on every answer, successes and refusals of any kind alike (so the
 * refusal is answered here, through {@link ErrorMapping}), so that its SDKs' retries read them.
 */
final class ImageRequestLimit {

    private ImageRequestLimit() {
    }

    static APIGatewayV2HTTPResponse apply(RateLimiter.Decision rate, String requestId,
                                          Supplier<APIGatewayV2HTTPResponse> work) {
        APIGatewayV2HTTPResponse response;
        if (!rate.allowed()) {
            response = ApiResponses.error(ApiError.rateLimited(rate.limit()));
        } else {
            try {
                response = work.get();
            } catch (RuntimeException refused) {
                response = ErrorMapping.answer(refused, requestId);
            }
        }
        return ApiResponses.withHeaders(response, Map.of(
                "x-ratelimit-limit-requests", Integer.toString(rate.limit()),
                "x-ratelimit-remaining-requests", Integer.toString(rate.remaining()),
                "x-ratelimit-reset-requests", rate.resetSeconds() + "s"));
    }
}
