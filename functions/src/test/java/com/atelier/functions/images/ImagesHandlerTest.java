package com.atelier.functions.images;

import static com.atelier.functions.testing.HandlerFixture.body;
import static com.atelier.functions.testing.HandlerFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.functions.testing.HandlerFixture;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /v1/images/generations} up to the point where a job would be paid for: every refusal is a
 * 4xx in OpenAI's shape naming its parameter, and carries the rate-limit headers. A request that got
 * as far as a charge would fail here on the in-memory DynamoDB, which fakes no debit: a 400 in these
 * tests is also proof that nothing was charged.
 */
class ImagesHandlerTest {

    private static final HandlerFixture FIXTURE = new HandlerFixture(50);
    private static final ImagesHandler HANDLER = new ImagesHandler(ImagesHandler.Services.wire(FIXTURE.wiring()));
    private final String apiKey = FIXTURE.newApiKey();

    private APIGatewayV2HTTPResponse generate(String body) {
        return HANDLER.handleRequest(event("images-generations", apiKey, body), null);
    }

    private static void assertRefused(APIGatewayV2HTTPResponse response, int status, String code, String param) {
        JsonNode error = body(response).get("error");
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(error.get("code").asText()).isEqualTo(code);
        if (param == null) {
            assertThat(error.get("param").isNull()).isTrue();
        } else {
            assertThat(error.get("param").asText()).isEqualTo(param);
        }
        assertThat(error.get("type").asText()).isNotBlank();
        assertThat(error.get("message").asText()).isNotBlank();
    }

    private static void assertRateLimitHeaders(APIGatewayV2HTTPResponse response, int remaining) {
        assertThat(response.getHeaders())
                .containsEntry("x-ratelimit-limit-requests", "50")
                .containsEntry("x-ratelimit-remaining-requests", Integer.toString(remaining))
                .hasEntrySatisfying("x-ratelimit-reset-requests", reset -> assertThat(reset).matches("\\d+s"));
    }

    @Test
    void aBodyThatIsNotJsonIsA400InvalidJsonWithTheRateLimitHeaders() {
        APIGatewayV2HTTPResponse response = generate("{\"prompt\": ");

        assertRefused(response, 400, "invalid_json", null);
        assertRateLimitHeaders(response, 49);
    }

    @Test
    void aMissingPromptIsNamed() {
        APIGatewayV2HTTPResponse response = generate("{\"n\":1}");

        assertRefused(response, 400, "missing_required_parameter", "prompt");
        assertRateLimitHeaders(response, 49);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "11", "4294967297", "2.5", "\"two\"", "-1"})
    void anImageCountOutsideOneToTenIsRefused(String n) {
        assertRefused(generate("{\"prompt\":\"a red circle\",\"n\":" + n + "}"), 400, "invalid_value", "n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1792x1024\"", "\"big\"", "1024"})
    void aSizeDallE2DoesNotMakeIsRefused(String size) {
        assertRefused(generate("{\"prompt\":\"a red circle\",\"size\":" + size + "}"), 400, "invalid_value", "size");
    }

    @Test
    void anUnknownParameterIsNamed() {
        assertRefused(generate("{\"prompt\":\"a red circle\",\"steps\":3}"), 400, "invalid_value", "steps");
    }

    @Test
    void tenBase64ImagesOf1024PixelsAreRefusedBeforeAnyChargeBecauseTheyMayNotFitLambdasAnswer() {
        APIGatewayV2HTTPResponse response = generate(
                "{\"prompt\":\"a red circle\",\"n\":10,\"size\":\"1024x1024\",\"response_format\":\"b64_json\"}");

        assertRefused(response, 400, "invalid_value", "response_format");
        assertThat(body(response).at("/error/message").asText()).contains("at most 1 image of 1024x1024").contains("'url'");
        assertRateLimitHeaders(response, 49);
    }

    @Test
    void aPromptTheContentPolicyRefusesIsA400ContentPolicyViolationWithTheRateLimitHeaders() {
        APIGatewayV2HTTPResponse response = generate("{\"prompt\":\"a n@ked person\"}");

        assertRefused(response, 400, "content_policy_violation", null);
        assertThat(body(response).at("/error/message").asText()).contains("safety system").contains("(sexual)");
        assertRateLimitHeaders(response, 49);
    }

    @Test
    void beyondTheLimitTheAnswerIs429RateLimitExceededWithNothingRemaining() {
        HandlerFixture strict = new HandlerFixture(2);
        ImagesHandler limited = new ImagesHandler(ImagesHandler.Services.wire(strict.wiring()));
        String key = strict.newApiKey();
        for (int i = 0; i < 2; i++) {
            limited.handleRequest(event("images-generations", key, "{}"), null);
        }

        APIGatewayV2HTTPResponse refused = limited.handleRequest(event("images-generations", key, "{}"), null);

        assertRefused(refused, 429, "rate_limit_exceeded", null);
        assertThat(refused.getHeaders()).containsEntry("x-ratelimit-limit-requests", "2")
                .containsEntry("x-ratelimit-remaining-requests", "0");
    }

    @Test
    void noKeyIsA401BeforeAnythingIsCounted() {
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event("images-generations", null, "{}"), null);

        assertRefused(response, 401, "missing_api_key", null);
        assertThat(generate("{}").getHeaders()).containsEntry("x-ratelimit-remaining-requests", "49");
    }
}
