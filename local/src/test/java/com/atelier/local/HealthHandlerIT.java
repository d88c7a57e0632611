package com.atelier.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.health.HealthHandler;
import com.atelier.aws.BackingServicesCheck;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.resources.AtelierResources;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalStackExtension.class)
class HealthHandlerIT {

    @Test
    void missingResourcesMakeTheServiceUnavailableAndSayWhich(LocalStack stack) throws Exception {
        AtelierResources elsewhere = AtelierResources.of(AtelierConfig.from(Map.of("ATELIER_STAGE", "never-deployed")));
        HealthHandler handler = new HealthHandler(new BackingServicesCheck(stack.clients(), elsewhere), Optional.empty());

        APIGatewayV2HTTPResponse response = handler.handleRequest(new APIGatewayV2HTTPEvent(), null);

        JsonNode body = new ObjectMapper().readTree(response.getBody());
        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(body.get("status").asText()).isEqualTo("degraded");
        for (String service : List.of("dynamodb", "sqs", "s3")) {
            assertThat(body.at("/services/" + service + "/status").asText()).as(service).isEqualTo("down");
            assertThat(body.at("/services/" + service + "/error").asText()).as(service).isNotBlank();
        }
    }

    @Test
    void whereOnlyApiKeysAreTakenTheSignInSettingsAreNull(LocalStack stack) throws Exception {
        HealthHandler handler = new HealthHandler(new BackingServicesCheck(stack.clients(), stack.resources()), Optional.empty());
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey("GET /v1/auth/config");

        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(response.getBody());
        assertThat(body.has("oidc")).isTrue();
        assertThat(body.get("oidc").isNull()).isTrue();
    }
}
