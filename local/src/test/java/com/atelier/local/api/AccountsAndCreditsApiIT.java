package com.atelier.local.api;

import com.atelier.billing.WebhookSignatureVerifier;
import com.atelier.config.AtelierConfig;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts, keys, credits, purchases and grants through the gateway, as any HTTP client sees them. */
@ExtendWith(LocalStackExtension.class)
class AccountsAndCreditsApiIT {

    private static final byte[] WEBHOOK_SECRET = AtelierConfig.LOCAL_WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8);

    private Api api;
    private String adminKey;

    @BeforeEach
    void connect(LocalStack stack) {
        api = new Api(stack.gatewayUrl());
        adminKey = stack.adminApiKey();
    }

    @Test
    void everyRouteButHealthNeedsAKeyAndAnswersInOpenAisErrorShape() {
        Api.Answer missing = api.get("/v1/credits", null);
        Api.Answer unknown = api.get("/v1/credits", "sk-" + "x".repeat(43));

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().at("/error/code").asText()).isEqualTo("missing_api_key");
        assertThat(missing.body().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(missing.body().at("/error").has("param")).isTrue();
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body().at("/error/code").asText()).isEqualTo("invalid_api_key");
        assertThat(unknown.body().at("/error/message").asText()).doesNotContain("x".repeat(30));
        assertThat(api.get("/health", null).status()).isEqualTo(200);
    }

    @Test
    void anAdminOpensAnAccountWhoseFirstKeyWorksAndHoldsFiftyFreeCredits() {
        JsonNode account = newAccount();

        assertThat(account.get("id").asText()).startsWith("acct_");
        assertThat(account.at("/api_key/key").asText()).startsWith("sk-");
        assertThat(account.at("/api_key/prefix").asText()).startsWith("sk-").contains("…");
        Api.Answer credits = api.get("/v1/credits", account.at("/api_key/key").asText());
        assertThat(credits.status()).isEqualTo(200);
        assertThat(credits.body().get("total").asInt()).isEqualTo(50);
        assertThat(credits.body().at("/by_kind/free").asInt()).isEqualTo(50);
        assertThat(credits.body().get("next_free_refill").asLong()).isGreaterThan(Instant.now().getEpochSecond());
    }

    @Test
    void adminRoutesRefuseOtherUsers() {
        String userKey = newAccount().at("/api_key/key").asText();

        Api.Answer refused = api.post("/v1/admin/accounts", userKey, Map.of());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("insufficient_permissions");
    }

    @Test
    void keysAreListedByPrefixOnlyAndARevokedKeyStopsWorking() {
        String firstKey = newAccount().at("/api_key/key").asText();
        Api.Answer second = api.post("/v1/keys", firstKey, Map.of("name", "ci"));
        String secondKey = second.body().get("key").asText();

        Api.Answer listed = api.get("/v1/keys", secondKey);
        assertThat(listed.body().get("data")).hasSize(2);
        assertThat(listed.body().toString()).doesNotContain(firstKey).doesNotContain(secondKey);

        assertThat(api.delete("/v1/keys/" + second.body().get("id").asText(), firstKey).status()).isEqualTo(200);
        assertThat(api.get("/v1/credits", secondKey).status()).isEqualTo(401);
        assertThat(api.get("/v1/credits", firstKey).status()).isEqualTo(200);
    }

    @Test
    void nobodyRevokesAnotherAccountsKey() {
        JsonNode owner = newAccount();
        String otherKey = newAccount().at("/api_key/key").asText();

        Api.Answer refused = api.delete("/v1/keys/" + owner.at("/api_key/id").asText(), otherKey);

        assertThat(refused.status()).isEqualTo(404);
        assertThat(api.get("/v1/credits", owner.at("/api_key/key").asText()).status()).isEqualTo(200);
    }

    @Test
    void anAdminGrantAddsCreditsWithTheirExpiry() {
        JsonNode account = newAccount();
        long expiry = Instant.now().plusSeconds(86_400 * 60).getEpochSecond();

        Api.Answer grant = api.post("/v1/admin/accounts/" + account.get("id").asText() + "/grants", adminKey,
                Map.of("credits", 200, "expires_at", expiry));

        assertThat(grant.status()).isEqualTo(201);
        JsonNode credits = api.get("/v1/credits", account.at("/api_key/key").asText()).body();
        assertThat(credits.get("total").asInt()).isEqualTo(250);
        assertThat(credits.at("/by_kind/grant").asInt()).isEqualTo(200);
        assertThat(api.post("/v1/admin/accounts/acct_nobody/grants", adminKey, Map.of("credits", 1, "expires_at", expiry))
                .status()).isEqualTo(404);
        assertThat(api.post("/v1/admin/accounts/" + account.get("id").asText() + "/grants", adminKey,
                Map.of("credits", 0, "expires_at", expiry)).body().at("/error/param").asText()).isEqualTo("credits");
    }

    @Test
    void aSignedPaymentAddsOnePackOnceAndForgedOrStaleOnesNothing() {
        JsonNode account = newAccount();
        String key = account.at("/api_key/key").asText();
        byte[] payment = paymentEvent("pi_" + UUID.randomUUID(), account.get("id").asText(), 1);
        long now = Instant.now().getEpochSecond();

        Api.Answer forged = webhook(payment, WebhookSignatureVerifier.sign("wrong".getBytes(StandardCharsets.UTF_8), now, payment));
        Api.Answer stale = webhook(payment, WebhookSignatureVerifier.sign(WEBHOOK_SECRET, now - 600, payment));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.body().at("/error/code").asText()).isEqualTo("invalid_signature");
        assertThat(stale.status()).isEqualTo(400);
        assertThat(api.get("/v1/credits", key).body().get("total").asInt()).isEqualTo(50);

        Api.Answer paid = webhook(payment, WebhookSignatureVerifier.sign(WEBHOOK_SECRET, now, payment));
        Api.Answer replayed = webhook(payment, WebhookSignatureVerifier.sign(WEBHOOK_SECRET, now, payment));

        assertThat(paid.body().get("credited").asBoolean()).isTrue();
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body().get("credited").asBoolean()).isFalse();
        assertThat(api.get("/v1/credits", key).body().at("/by_kind/paid").asInt()).isEqualTo(115);
    }

    @Test
    void theLedgerPagesNewestFirstWithAnOpaqueCursorThatOnlyItsOwnerCanUse() {
        JsonNode account = newAccount();
        String key = account.at("/api_key/key").asText();
        long expiry = Instant.now().plusSeconds(86_400 * 30).getEpochSecond();
        for (int i = 0; i < 4; i++) {
            api.post("/v1/admin/accounts/" + account.get("id").asText() + "/grants", adminKey,
                    Map.of("credits", i + 1, "expires_at", expiry, "grant_id", "g" + i));
        }

        List<String> ids = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/v1/credits/ledger?limit=2" + (cursor == null ? "" : "&after=" + cursor), key).body();
            page.get("data").forEach(entry -> {
                ids.add(entry.get("id").asText());
                times.add(entry.get("created").asLong());
            });
            cursor = page.get("has_more").asBoolean() ? page.get("next_cursor").asText() : null;
        } while (cursor != null);

        assertThat(ids).hasSize(5).doesNotHaveDuplicates().contains("free_grant#free-0", "grant#g3");
        assertThat(times).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        String foreignKey = newAccount().at("/api_key/key").asText();
        String firstCursor = api.get("/v1/credits/ledger?limit=1", key).body().get("next_cursor").asText();
        assertThat(api.get("/v1/credits/ledger?after=" + firstCursor, foreignKey).status()).isEqualTo(400);
        assertThat(api.get("/v1/credits/ledger?after=bm9wZQ", key).status()).isEqualTo(400);
        assertThat(api.get("/v1/credits/ledger?limit=0", key).body().at("/error/param").asText()).isEqualTo("limit");
    }

    @Test
    void anArtistAppliesAndAnAdminApprovesOnceWhichGrantsTheCredits() {
        JsonNode artist = newAccount();
        String key = artist.at("/api_key/key").asText();
        Api.Answer invalid = api.post("/v1/grants/applications", key, Map.of("statement", "too short",
                "portfolio_url", "https://example.com/me"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().at("/error/param").asText()).isEqualTo("statement");

        JsonNode application = api.post("/v1/grants/applications", key, Map.of(
                "statement", "I paint murals with school children and want to sketch them first.",
                "portfolio_url", "https://example.com/murals")).body();
        assertThat(application.get("status").asText()).isEqualTo("pending");
        Set<String> pending = new HashSet<>();
        api.get("/v1/admin/grants/applications?status=pending", adminKey).body().get("data")
                .forEach(entry -> pending.add(entry.get("id").asText()));
        assertThat(pending).contains(application.get("id").asText());
        assertThat(api.get("/v1/admin/grants/applications", key).status()).isEqualTo(403);

        String approve = "/v1/admin/grants/applications/" + application.get("id").asText() + "/approve";
        long expiry = Instant.now().plusSeconds(86_400 * 90).getEpochSecond();
        Api.Answer approved = api.post(approve, adminKey, Map.of("credits", 300, "expires_at", expiry));
        Api.Answer again = api.post(approve, adminKey, Map.of("credits", 300, "expires_at", expiry));

        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.body().get("status").asText()).isEqualTo("approved");
        assertThat(again.status()).isEqualTo(409);
        assertThat(api.get("/v1/credits", key).body().at("/by_kind/grant").asInt()).isEqualTo(300);
    }

    @Test
    void aSuspendedAccountIsRefusedUntilReactivated() {
        JsonNode account = newAccount();
        String key = account.at("/api_key/key").asText();
        String status = "/v1/admin/accounts/" + account.get("id").asText() + "/status";

        assertThat(api.post(status, adminKey, Map.of("status", "suspended")).status()).isEqualTo(200);
        Api.Answer refused = api.get("/v1/credits", key);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("account_suspended");

        assertThat(api.post(status, adminKey, Map.of("status", "active")).status()).isEqualTo(200);
        assertThat(api.get("/v1/credits", key).status()).isEqualTo(200);
        assertThat(api.post(status, adminKey, Map.of("status", "gone")).body().at("/error/param").asText()).isEqualTo("status");
    }

    @Test
    void theAuditRebuildsTheBalanceFromTheLedgerAndAgrees() {
        JsonNode account = newAccount();
        api.post("/v1/admin/accounts/" + account.get("id").asText() + "/grants", adminKey,
                Map.of("credits", 7, "expires_at", Instant.now().plusSeconds(86_400).getEpochSecond()));

        JsonNode audit = api.get("/v1/admin/accounts/" + account.get("id").asText() + "/audit", adminKey).body();

        assertThat(audit.get("consistent").asBoolean()).isTrue();
        assertThat(audit.get("ledger_balance").asInt()).isEqualTo(57).isEqualTo(audit.get("item_balance").asInt());
    }

    @Test
    void invalidJsonIsABadRequestThatChangesNothing() {
        Api.Answer answer = api.post("/v1/admin/accounts", adminKey, "{not json");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().at("/error/code").asText()).isEqualTo("invalid_json");
    }

    private JsonNode newAccount() {
        Api.Answer created = api.post("/v1/admin/accounts", adminKey, Map.of("roles", List.of("user")));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        return created.body();
    }

    private Api.Answer webhook(byte[] payload, String signature) {
        return api.post("/v1/billing/webhook", Map.of("Content-Type", "application/json", "Stripe-Signature", signature), payload);
    }

    private static byte[] paymentEvent(String paymentId, String accountId, int packs) {
        return Api.json(Map.of("id", "evt_" + UUID.randomUUID(), "type", "checkout.session.completed",
                "data", Map.of("object", Map.of("id", "cs_" + UUID.randomUUID(), "payment_intent", paymentId,
                        "payment_status", "paid", "amount_total", packs * 1500, "currency", "usd",
                        "metadata", Map.of("accountId", accountId, "packs", Integer.toString(packs))))))
                .getBytes(StandardCharsets.UTF_8);
    }
}
