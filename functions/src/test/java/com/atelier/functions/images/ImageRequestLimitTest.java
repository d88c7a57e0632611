package com.atelier.functions.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.credits.CreditContentionException;
import com.atelier.credits.InsufficientCreditsException;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiResponses;
import com.atelier.jobs.JobAdmission;
import com.atelier.ratelimit.RateLimiter;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every answer of an image route tells the rate limit, whatever the work answered or threw. */
class ImageRequestLimitTest {

    private static final RateLimiter.Decision ALLOWED = new RateLimiter.Decision(true, 50, 12, 41);

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("success", 200, (Supplier<APIGatewayV2HTTPResponse>) () -> ApiResponses.json(200, Map.of("created", 1))),
                Arguments.of("job to poll", 202, (Supplier<APIGatewayV2HTTPResponse>) () -> ApiResponses.json(202, Map.of("id", "job_1"))),
                Arguments.of("bad parameter", 400, refusal(() -> ApiError.invalidRequest("n", "'n' must be an integer from 1 to 10."))),
                Arguments.of("no credits", 429, refusal(() -> new InsufficientCreditsException(3, 1))),
                Arguments.of("idempotency conflict", 409, refusal(() -> new JobAdmission.ConflictingRequestException("job_1"))),
                Arguments.of("contention", 503, refusal(() -> new CreditContentionException("acct", 100))),
                Arguments.of("queue outage", 503, refusal(() -> new JobAdmission.QueueUnavailableException("job_1",
                        new IllegalStateException("sqs down")))),
                Arguments.of("crash", 500, refusal(() -> new IllegalStateException("boom"))));
    }

    private static Supplier<APIGatewayV2HTTPResponse> refusal(Supplier<RuntimeException> failure) {
        return () -> {
            throw failure.get();
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void everyAnswerCarriesTheRateLimitHeaders(String what, int status, Supplier<APIGatewayV2HTTPResponse> work) {
        APIGatewayV2HTTPResponse response = ImageRequestLimit.apply(ALLOWED, "req-1", work);

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders())
                .containsEntry("content-type", "application/json")
                .containsEntry("x-ratelimit-limit-requests", "50")
                .containsEntry("x-ratelimit-remaining-requests", "12")
                .containsEntry("x-ratelimit-reset-requests", "41s");
    }

    @Test
    void overTheLimitNothingIsDoneAndTheAnswerIs429RateLimitExceeded() {
        RateLimiter.Decision refused = new RateLimiter.Decision(false, 50, 0, 7);

        APIGatewayV2HTTPResponse response = ImageRequestLimit.apply(refused, "req-1", () -> {
            throw new AssertionError("work done over the limit");
        });

        assertThat(response.getStatusCode()).isEqualTo(429);
        assertThat(response.getBody()).contains("rate_limit_exceeded");
        assertThat(response.getHeaders()).containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("x-ratelimit-reset-requests", "7s");
    }
}
