package com.atelier.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.local.testing.MovableClock;
import com.atelier.local.testing.Race;
import com.atelier.aws.ratelimit.DynamoDbRequestCounters;
import com.atelier.ratelimit.RateLimiter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Requests per account and minute: never more than the limit, however concurrent, and told as OpenAI tells it. */
@ExtendWith(LocalStackExtension.class)
class RateLimitIT {

    @Test
    void fortyConcurrentRequestsPassExactlyTheLimitAndTheNextMinuteStartsAgain(LocalStack stack) throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:05Z"));
        RateLimiter limiter = new RateLimiter(new DynamoDbRequestCounters(stack.clients().dynamoDb(), stack.resources().rateLimits().name()), 10, clock);
        String account = "acct-rate-" + UUID.randomUUID();

        List<RateLimiter.Decision> decisions = Race.run(40, i -> () -> limiter.take(account));

        assertThat(decisions.stream().filter(RateLimiter.Decision::allowed)).hasSize(10);
        assertThat(decisions.stream().filter(decision -> !decision.allowed()))
                .allSatisfy(refused -> assertThat(refused.resetSeconds()).isEqualTo(55));
        clock.set(Instant.parse("2026-11-25T10:01:00Z"));
        RateLimiter.Decision next = limiter.take(account);
        assertThat(next.allowed()).isTrue();
        assertThat(next.remaining()).isEqualTo(9);
    }

    @Test
    void imageRequestsCarryOpenAisRateLimitHeaders(LocalStack stack) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.gatewayUrl() + "/v1/images/generations"))
                .header("Authorization", "Bearer " + stack.adminApiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a red star\",\"n\":11}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).contains("50");
        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests").map(Integer::parseInt))
                .hasValueSatisfying(remaining -> assertThat(remaining).isBetween(0, 49));
        assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValueSatisfying(reset ->
                assertThat(reset).matches("\\d+s"));
    }

    @Test
    void anIdempotencyConflictOnAnImageRouteCarriesTheRateLimitHeadersToo(LocalStack stack) throws Exception {
        String idempotencyKey = "conflict-" + UUID.randomUUID();

        HttpResponse<String> first = submitJob(stack, idempotencyKey, "a red star");
        HttpResponse<String> other = submitJob(stack, idempotencyKey, "a blue star");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(other.body()).contains("Idempotency-Key");
        assertThat(other.headers().firstValue("x-ratelimit-limit-requests")).contains("50");
        assertThat(other.headers().firstValue("x-ratelimit-remaining-requests").map(Integer::parseInt))
                .hasValueSatisfying(remaining -> assertThat(remaining).isBetween(0, 49));
        assertThat(other.headers().firstValue("x-ratelimit-reset-requests")).hasValueSatisfying(reset ->
                assertThat(reset).matches("\\d+s"));
    }

    private static HttpResponse<String> submitJob(LocalStack stack, String idempotencyKey, String prompt) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs"))
                        .header("Authorization", "Bearer " + stack.demoApiKey()).header("Content-Type", "application/json")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"generation\",\"prompt\":\"" + prompt
                                + "\",\"size\":\"256x256\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
