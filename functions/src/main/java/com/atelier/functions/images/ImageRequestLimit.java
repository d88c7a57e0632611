package com.atelier.functions.images;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.api.ApiException;
import com.atelier.functions.Services;
import com.atelier.functions.http.ApiResponses;
import com.atelier.ratelimit.RateLimiter;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-account, per-minute limit on requests that make images (the Images API and {@code POST
 * /v1/jobs}): counted before anything else happens, answered 429 beyond it, and told in OpenAI's
 * {@code x-ratelimit-*} headers on every answer, refusals included, so that its SDKs' retries read them.
 */
final class ImageRequestLimit {

    private ImageRequestLimit() {
    }

    static APIGatewayV2HTTPResponse apply(Services services, Account caller, Supplier<APIGatewayV2HTTPResponse> work) {
        RateLimiter.Decision rate = services.imageRateLimiter().take(caller.accountId());
        APIGatewayV2HTTPResponse response;
        try {
            if (!rate.allowed()) {
                throw ApiException.rateLimited(rate.limit());
            }
            response = work.get();
        } catch (ApiException refused) {
            response = ApiResponses.error(refused);
        }
        return ApiResponses.withHeaders(response, Map.of(
                "x-ratelimit-limit-requests", Integer.toString(rate.limit()),
                "x-ratelimit-remaining-requests", Integer.toString(rate.remaining()),
                "x-ratelimit-reset-requests", rate.resetSeconds() + "s"));
    }
}
