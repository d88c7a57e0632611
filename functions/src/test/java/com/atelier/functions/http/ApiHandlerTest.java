package com.atelier.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.credits.CreditContentionException;
import com.atelier.credits.InsufficientCreditsException;
import com.atelier.jobs.JobAdmission;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** How refusals become HTTP answers in OpenAI's error shape, in the one place that maps them. */
class ApiHandlerTest {

    private static JsonNode answer(APIGatewayV2HTTPResponse response) throws Exception {
        return new ObjectMapper().readTree(response.getBody());
    }

    private static APIGatewayV2HTTPResponse run(Supplier<RuntimeException> failure) {
        ApiHandler handler = new ApiHandler() {
            @Override
            protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
                throw failure.get();
            }
        };
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withRouteKey("POST /v1/test")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("req-1").build()).build();
        return handler.handleRequest(event, null);
    }

    @Test
    void notEnoughCreditsIsA429InsufficientQuota() throws Exception {
        APIGatewayV2HTTPResponse response = run(() -> new InsufficientCreditsException(3, 1));

        assertThat(response.getStatusCode()).isEqualTo(429);
        assertThat(answer(response).at("/error/code").asText()).isEqualTo("insufficient_quota");
        assertThat(answer(response).at("/error/type").asText()).isEqualTo("insufficient_quota");
        assertThat(answer(response).at("/error/message").asText()).startsWith("This request needs 3 credits");
    }

    @Test
    void aReusedIdempotencyKeyIsAConflict() throws Exception {
        APIGatewayV2HTTPResponse response = run(() -> new JobAdmission.ConflictingRequestException("job_1"));

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(answer(response).at("/error/param").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void contentionIsAServiceUnavailableThatChargedNothing() throws Exception {
        APIGatewayV2HTTPResponse response = run(() -> new CreditContentionException("acct", 100));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(answer(response).at("/error/message").asText()).contains("nothing was charged");
    }

    @Test
    void anApiErrorKeepsItsStatusAndAnythingElseIsA500NamingTheRequest() throws Exception {
        assertThat(run(() -> ApiError.missingParameter("prompt")).getStatusCode()).isEqualTo(400);
        APIGatewayV2HTTPResponse crash = run(() -> new IllegalStateException("boom"));
        assertThat(crash.getStatusCode()).isEqualTo(500);
        assertThat(answer(crash).at("/error/message").asText()).contains("req-1").doesNotContain("boom");
    }
}
