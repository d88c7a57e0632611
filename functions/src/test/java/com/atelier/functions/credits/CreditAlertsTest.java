package com.atelier.functions.credits;

import static com.atelier.functions.testing.HandlerFixture.body;
import static com.atelier.functions.testing.HandlerFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.functions.testing.HandlerFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET}/{@code PUT /v1/credits/alerts}: the account's low-balance threshold, strictly parsed. */
class CreditAlertsTest {

    private static final HandlerFixture FIXTURE = new HandlerFixture(50);
    private static final CreditsHandler HANDLER = new CreditsHandler(CreditsHandler.Services.wire(FIXTURE.wiring()));
    private final String apiKey = FIXTURE.newApiKey();

    private APIGatewayV2HTTPResponse call(String routeKey, String body) {
        return HANDLER.handleRequest(event(routeKey, apiKey, Map.of(), Map.of(), Map.of(), body), null);
    }

    private JsonNode threshold() {
        APIGatewayV2HTTPResponse read = call("GET /v1/credits/alerts", null);
        assertThat(read.getStatusCode()).isEqualTo(200);
        return body(read).get("low_balance_threshold");
    }

    @Test
    void aThresholdIsSetReadAndCleared() {
        assertThat(threshold().isNull()).isTrue();

        APIGatewayV2HTTPResponse set = call("PUT /v1/credits/alerts", "{\"low_balance_threshold\":25}");

        assertThat(set.getStatusCode()).isEqualTo(200);
        assertThat(body(set).get("object").asText()).isEqualTo("credit_alerts");
        assertThat(threshold().asInt()).isEqualTo(25);
        assertThat(call("PUT /v1/credits/alerts", "{\"low_balance_threshold\":null}").getStatusCode()).isEqualTo(200);
        assertThat(threshold().isNull()).isTrue();
    }

    @Test
    void aThresholdThatIsNoWholeNumberOfCreditsInRangeIsRefusedAndChangesNothing() {
        call("PUT /v1/credits/alerts", "{\"low_balance_threshold\":10}");

        for (String body : List.of("{\"low_balance_threshold\":0}", "{\"low_balance_threshold\":2.5}",
                "{\"low_balance_threshold\":\"10\"}", "{\"low_balance_threshold\":1000001}", "{}",
                "{\"low_balance_threshold\":5,\"high\":9}")) {
            APIGatewayV2HTTPResponse refused = call("PUT /v1/credits/alerts", body);
            assertThat(refused.getStatusCode()).as(body).isEqualTo(400);
            assertThat(body(refused).at("/error/type").asText()).as(body).isEqualTo("invalid_request_error");
        }
        assertThat(threshold().asInt()).isEqualTo(10);
    }
}
