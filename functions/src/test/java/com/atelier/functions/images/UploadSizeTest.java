package com.atelier.functions.images;

import static com.atelier.functions.testing.HandlerFixture.body;
import static com.atelier.functions.testing.HandlerFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.functions.testing.HandlerFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/uploads} signs its URL for the size declared, so it refuses a size no upload may have before signing. */
class UploadSizeTest {

    private static final HandlerFixture FIXTURE = new HandlerFixture(50);
    private static final JobsHandler HANDLER = new JobsHandler(JobsHandler.Services.wire(FIXTURE.wiring()));
    private final String apiKey = FIXTURE.newApiKey();

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"bytes\":0}", "{\"bytes\":-5}", "{\"bytes\":4194304}", "{\"bytes\":12582912}",
            "{\"bytes\":1.5}", "{\"bytes\":\"100\"}", "{\"bytes\":18446744073709551618}", "{\"bytes\":100,\"purpose\":\"x\"}"})
    void aSizeNoUploadMayHaveIsA400NamingIt(String body) {
        APIGatewayV2HTTPEvent event = event("jobs-submit", apiKey, body);
        event.setRouteKey("POST /v1/uploads");

        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(body(response).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(body(response).at("/error/param").asText()).isIn("bytes", "purpose");
    }
}
