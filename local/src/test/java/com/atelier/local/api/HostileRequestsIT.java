package com.atelier.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.billing.WebhookSignatureVerifier;
import com.atelier.config.AtelierConfig;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The probes of issue 17, through the gateway against the local servers (whose DynamoDB refuses keys
 * as AWS's does): each is refused with a 4xx in OpenAI's error shape, and no balance moves.
 */
@ExtendWith(LocalStackExtension.class)
class HostileRequestsIT {

    private static final String LONG_ID = "a".repeat(3000);

    @Test
    void hostileRequestsOfEveryClassAreRefusedWithoutA5xxOrACharge(LocalStack stack) {
        Api api = new Api(stack.gatewayUrl());
        String adminKey = stack.adminApiKey();
        JsonNode account = api.post("/v1/admin/accounts", adminKey, Map.of("roles", List.of("user"))).body();
        String key = account.at("/api_key/key").asText();
        String accountId = account.get("id").asText();
        Supplier<Integer> balance = () -> api.get("/v1/credits", key).body().get("total").asInt();
        int before = balance.get();
        String grant = "{\"credits\":5,\"expires_at\":\"2099-01-01T00:00:00Z\"}";
        String forgedCursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"accountId\":\"" + accountId + "\",\"createdAt\":\"\",\"jobId\":\"" + "j".repeat(700) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));

        Map<String, Api.Answer> answers = new LinkedHashMap<>();
        answers.put("job id", api.get("/v1/jobs/" + LONG_ID, key));
        answers.put("job id on delete", api.delete("/v1/jobs/" + LONG_ID, key));
        answers.put("empty cursor", api.get("/v1/jobs?after=", key));
        answers.put("long cursor", api.get("/v1/jobs?after=" + "A".repeat(2500), key));
        answers.put("forged cursor", api.get("/v1/jobs?after=" + forgedCursor, key));
        answers.put("ledger cursor", api.get("/v1/credits/ledger?after=" + "B".repeat(3000), key));
        answers.put("garbage ledger cursor", api.get("/v1/credits/ledger?after=bnVsbA", key));
        for (String path : List.of("/v1/admin/accounts/%s/grants", "/v1/admin/accounts/%s/status",
                "/v1/admin/reviews/%s/resolve", "/v1/admin/grants/applications/%s/approve")) {
            answers.put(path, api.post(path.formatted(LONG_ID), adminKey, path.endsWith("status")
                    ? "{\"status\":\"suspended\"}" : path.endsWith("resolve") ? "{\"outcome\":\"dismissed\"}" : grant));
        }
        answers.put("audit id", api.get("/v1/admin/accounts/" + LONG_ID + "/audit", adminKey));
        answers.put("grant id", api.post("/v1/admin/accounts/" + accountId + "/grants", adminKey,
                "{\"credits\":5,\"expires_at\":\"2099-01-01T00:00:00Z\",\"grant_id\":\"" + "g".repeat(2000) + "\"}"));
        answers.put("expires_at", api.post("/v1/admin/accounts/" + accountId + "/grants", adminKey,
                "{\"credits\":5,\"expires_at\":99999999999999999999}"));
        answers.put("payment id", webhook(api, "pi_" + "p".repeat(3000), accountId));
        answers.put("webhook account", webhook(api, "pi_hostile", "acct_" + "x".repeat(3000)));
        for (String n : List.of("4294967297", "18446744073709551618", "4.0", "1e0")) {
            answers.put("n " + n, api.post("/v1/images/generations", key, "{\"prompt\":\"a red circle\",\"n\":" + n + "}"));
        }
        answers.put("trailing garbage", api.post("/v1/jobs", key,
                "{\"kind\":\"generation\",\"prompt\":\"a red circle\"} garbage"));
        answers.put("duplicate key", api.post("/v1/images/generations", key, "{\"prompt\":\"a red circle\",\"n\":1,\"n\":2}"));
        answers.put("empty idempotency key", withIdempotencyKey(api, key, ""));
        answers.put("long idempotency key", withIdempotencyKey(api, key, "k".repeat(256)));
        answers.put("megabyte to moderate", api.post("/v1/moderations", key,
                "{\"input\":\"" + "a red circle ".repeat(80_000) + "\"}"));

        List<String> notRefusedProperly = new ArrayList<>();
        answers.forEach((probe, answer) -> {
            JsonNode error = answer.body() == null ? null : answer.body().get("error");
            boolean openAiShape = error != null && error.has("message") && error.has("param") && error.has("code")
                    && "invalid_request_error".equals(error.path("type").asText());
            if (answer.status() < 400 || answer.status() >= 500 || !openAiShape) {
                notRefusedProperly.add(probe + " -> " + answer.status() + " " + answer.body());
            }
        });
        assertThat(notRefusedProperly).isEmpty();
        assertThat(balance.get()).isEqualTo(before);
    }

    private static Api.Answer withIdempotencyKey(Api api, String apiKey, String idempotencyKey) {
        return api.post("/v1/images/generations", Map.of("Authorization", "Bearer " + apiKey,
                "Content-Type", "application/json", "Idempotency-Key", idempotencyKey),
                "{\"prompt\":\"a red circle\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static Api.Answer webhook(Api api, String paymentId, String accountId) {
        byte[] body = Api.json(Map.of("id", "evt_hostile", "type", "checkout.session.completed",
                "data", Map.of("object", Map.of("id", "cs_hostile", "payment_intent", paymentId,
                        "payment_status", "paid", "amount_total", 1500, "currency", "usd",
                        "metadata", Map.of("accountId", accountId, "packs", "1"))))).getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignatureVerifier.sign(AtelierConfig.LOCAL_WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8),
                Instant.now().getEpochSecond(), body);
        return api.post("/v1/billing/webhook", Map.of("Content-Type", "application/json", "Stripe-Signature", signature), body);
    }
}
