package com.atelier.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /local/test-checkout}: the local stage signs a paid checkout as the payment provider
 * would and posts it to the billing webhook, so the web client can buy test credits without ever
 * holding the webhook secret.
 */
@ExtendWith(LocalStackExtension.class)
class TestModeCheckoutIT {

    private Api api;
    private String adminKey;

    @BeforeEach
    void connect(LocalStack stack) {
        api = new Api(stack.gatewayUrl());
        adminKey = stack.adminApiKey();
    }

    private String newAccountKey() {
        Api.Answer account = api.post("/v1/admin/accounts", adminKey, Map.of("roles", List.of("user")));
        assertThat(account.status()).isEqualTo(201);
        return account.body().at("/api_key/key").asText();
    }

    @Test
    void aTestCheckoutCreditsTheCallersPacksThroughTheSignedWebhookAndShowsInTheLedger() {
        String key = newAccountKey();
        int before = api.get("/v1/credits", key).body().get("total").asInt();

        Api.Answer checkout = api.post("/local/test-checkout", key, Map.of("packs", 2));

        assertThat(checkout.status()).isEqualTo(200);
        assertThat(checkout.body().get("credited").asBoolean()).isTrue();
        assertThat(api.get("/v1/credits", key).body().get("total").asInt()).isEqualTo(before + 230);
        JsonNode ledger = api.get("/v1/credits/ledger", key).body().get("data");
        assertThat(ledger).anySatisfy(entry -> {
            assertThat(entry.get("type").asText()).isEqualTo("purchase");
            assertThat(entry.get("credits").asInt()).isEqualTo(230);
            assertThat(entry.get("reference").asText()).startsWith("pi_test_");
        });
    }

    @Test
    void withoutAKeyOrWithPacksOutOfRangeNothingIsBoughtAndTheAnswerIsOpenAisErrorShape() {
        String key = newAccountKey();
        int before = api.get("/v1/credits", key).body().get("total").asInt();

        Api.Answer anonymous = api.post("/local/test-checkout", null, Map.of("packs", 1));
        Api.Answer tooMany = api.post("/local/test-checkout", key, Map.of("packs", 101));
        Api.Answer notJson = api.post("/local/test-checkout", key, "{\"packs\": 1,");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body().at("/error/code").asText()).isEqualTo("missing_api_key");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().at("/error/param").asText()).isEqualTo("packs");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(api.get("/v1/credits", key).body().get("total").asInt()).isEqualTo(before);
    }
}
