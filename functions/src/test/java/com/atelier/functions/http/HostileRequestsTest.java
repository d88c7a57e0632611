package com.atelier.functions.http;

import static com.atelier.functions.testing.HandlerFixture.body;
import static com.atelier.functions.testing.HandlerFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Role;
import com.atelier.billing.WebhookSignatureVerifier;
import com.atelier.functions.accounts.AccountsHandler;
import com.atelier.functions.billing.BillingWebhookHandler;
import com.atelier.functions.credits.CreditsHandler;
import com.atelier.functions.grants.GrantApplicationsHandler;
import com.atelier.functions.images.ImagesHandler;
import com.atelier.functions.images.JobsHandler;
import com.atelier.functions.moderation.ModerationHandler;
import com.atelier.functions.testing.HandlerFixture;
import com.atelier.paging.PageCursor;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What an attacker sends, through the real handlers over {@link com.atelier.functions.testing.InMemoryAdapters}
 * (which refuses keys as DynamoDB does): every refusal is a 4xx in OpenAI's error shape, naming the
 * parameter at fault where there is one, and leaves the caller's balance as it was.
 */
class HostileRequestsTest {

    private static final HandlerFixture FIXTURE = new HandlerFixture(10_000);
    private static final String USER_KEY = FIXTURE.newApiKey();
    private static final String ADMIN_KEY = FIXTURE.newApiKey(Set.of(Role.USER, Role.ADMIN));
    private static final String USER_ID = accountOf(USER_KEY);

    private static final String LONG_ID = "a".repeat(3000);
    private static final String GOOD_PROMPT = "{\"kind\":\"generation\",\"prompt\":\"a red circle\"";

    private static String accountOf(String apiKey) {
        return FIXTURE.wiring().authenticator().authenticate("Bearer " + apiKey).accountId();
    }

    private static int userBalance() {
        return FIXTURE.wiring().credits().balance(USER_ID).total();
    }

    /** A refusal in OpenAI's shape, nothing charged; answers the error for further checks. */
    private static JsonNode refused(APIGatewayV2HTTPResponse response, int status, int balanceBefore) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        JsonNode error = body(response).get("error");
        assertThat(error).as(response.getBody()).isNotNull();
        assertThat(error.fieldNames()).toIterable().containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).isNotBlank().hasSizeLessThan(500);
        assertThat(userBalance()).isEqualTo(balanceBefore);
        return error;
    }

    private static APIGatewayV2HTTPResponse call(ApiHandler handler, String routeKey, String apiKey,
                                                 Map<String, String> path, Map<String, String> query,
                                                 Map<String, String> headers, String body) {
        return handler.handleRequest(event(routeKey, apiKey, path, query, headers, body), null);
    }

    private static APIGatewayV2HTTPResponse submitJob(String body, Map<String, String> headers) {
        return call(new JobsHandler(JobsHandler.Services.wire(FIXTURE.wiring())), "POST /v1/jobs", USER_KEY, Map.of(), Map.of(), headers, body);
    }

    // 1. Identifiers.

    @Example
    void aJobIdThatNoJobCanHaveIsNotFound() {
        int before = userBalance();
        JobsHandler jobs = new JobsHandler(JobsHandler.Services.wire(FIXTURE.wiring()));
        for (String route : new String[] {"GET /v1/jobs/{id}", "DELETE /v1/jobs/{id}"}) {
            JsonNode error = refused(call(jobs, route, USER_KEY, Map.of("id", LONG_ID), Map.of(), Map.of(), null), 404, before);
            assertThat(error.get("message").asText()).doesNotContain(LONG_ID);
        }
    }

    @Example
    void everyAdminPathRefusesAnIdNoAccountReviewOrApplicationCanHave() {
        int before = userBalance();
        Map<String, String> path = Map.of("id", LONG_ID);
        String grant = "{\"credits\":5,\"expires_at\":\"2099-01-01T00:00:00Z\"}";
        AccountsHandler accounts = new AccountsHandler(AccountsHandler.Services.wire(FIXTURE.wiring()));
        refused(call(accounts, "POST /v1/admin/accounts/{id}/grants", ADMIN_KEY, path, Map.of(), Map.of(), grant), 404, before);
        refused(call(accounts, "POST /v1/admin/accounts/{id}/status", ADMIN_KEY, path, Map.of(), Map.of(),
                "{\"status\":\"suspended\"}"), 404, before);
        refused(call(accounts, "GET /v1/admin/accounts/{id}/audit", ADMIN_KEY, path, Map.of(), Map.of(), null), 404, before);
        refused(call(accounts, "DELETE /v1/keys/{id}", USER_KEY, path, Map.of(), Map.of(), null), 404, before);
        refused(call(new ModerationHandler(ModerationHandler.Services.wire(FIXTURE.wiring())), "POST /v1/admin/reviews/{id}/resolve", ADMIN_KEY, path,
                Map.of(), Map.of(), "{\"outcome\":\"dismissed\"}"), 404, before);
        GrantApplicationsHandler applications = new GrantApplicationsHandler(GrantApplicationsHandler.Services.wire(FIXTURE.wiring()));
        refused(call(applications, "POST /v1/admin/grants/applications/{id}/approve", ADMIN_KEY, path, Map.of(), Map.of(),
                grant), 404, before);
        refused(call(applications, "POST /v1/admin/grants/applications/{id}/reject", ADMIN_KEY, path, Map.of(), Map.of(),
                "{}"), 404, before);
    }

    @Example
    void aGrantIdThatCouldNotBeAKeyIsRefusedNamingIt() {
        int before = userBalance();
        String body = "{\"credits\":5,\"expires_at\":\"2099-01-01T00:00:00Z\",\"grant_id\":\"" + "g".repeat(2000) + "\"}";
        JsonNode error = refused(call(new AccountsHandler(AccountsHandler.Services.wire(FIXTURE.wiring())), "POST /v1/admin/accounts/{id}/grants",
                ADMIN_KEY, Map.of("id", USER_ID), Map.of(), Map.of(), body), 400, before);
        assertThat(error.get("param").asText()).isEqualTo("grant_id");
    }

    @Property(tries = 60)
    void aForgedCursorIsRefusedOnEveryPagedList(@ForAll("forgedValues") String value, @ForAll boolean empty) {
        int before = userBalance();
        String jobValue = empty ? "" : value;
        JsonNode jobs = refused(call(new JobsHandler(JobsHandler.Services.wire(FIXTURE.wiring())), "GET /v1/jobs", USER_KEY, Map.of(),
                Map.of("after", PageCursor.encode(Map.of("accountId", USER_ID, "createdAt", value, "jobId", jobValue))),
                Map.of(), null), 400, before);
        JsonNode ledger = refused(call(new CreditsHandler(CreditsHandler.Services.wire(FIXTURE.wiring())), "GET /v1/credits/ledger", USER_KEY,
                Map.of(), Map.of("after", PageCursor.encode(Map.of("accountId", USER_ID, "entryId", jobValue, "timeKey", value))),
                Map.of(), null), 400, before);
        assertThat(jobs.get("param").asText()).isEqualTo("after");
        assertThat(ledger.get("param").asText()).isEqualTo("after");
    }

    /** Cursors of the right shape for the caller, with key values no page ends on: empty, or too long for a key. */
    @Provide
    Arbitrary<String> forgedValues() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().withCharRange('a', 'z').ofMinLength(700).ofMaxLength(3000));
    }

    @Example
    void aCursorOfJsonThatIsNoKeyIsRefused() {
        // null, [], {}, "x", 1: base64 of JSON values that are no page's last key.
        for (String cursor : new String[] {"bnVsbA", "W10", "e30", "Ingi", "MQ", ""}) {
            aCursorThisApiCouldNotHaveWrittenIsRefused(cursor);
        }
    }

    @Property(tries = 40)
    void aCursorThisApiCouldNotHaveWrittenIsRefused(@ForAll("cursorsNotWritten") String cursor) {
        int before = userBalance();
        for (String route : new String[] {"GET /v1/jobs", "GET /v1/credits/ledger"}) {
            ApiHandler handler = route.equals("GET /v1/jobs") ? new JobsHandler(JobsHandler.Services.wire(FIXTURE.wiring()))
                    : new CreditsHandler(CreditsHandler.Services.wire(FIXTURE.wiring()));
            JsonNode error = refused(call(handler, route, USER_KEY, Map.of(), Map.of("after", cursor), Map.of(), null),
                    400, before);
            assertThat(error.get("param").asText()).isEqualTo("after");
        }
    }

    @Provide
    Arbitrary<String> cursorsNotWritten() {
        return Arbitraries.oneOf(
                Arbitraries.of("garbage!!", "%00", "a=b"),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(2000).ofMaxLength(3000),
                Arbitraries.strings().ofMaxLength(50).filter(text -> !text.matches("[A-Za-z0-9_-]*")));
    }

    @Example
    void aSignedPaymentNoticeNamingAnIdThatCouldNotBeAKeyIsRefused() {
        int before = userBalance();
        BillingWebhookHandler webhook = new BillingWebhookHandler(BillingWebhookHandler.Services.wire(FIXTURE.wiring()));
        JsonNode payment = refused(notice(webhook, "pi_" + "x".repeat(3000), USER_ID), 400, before);
        JsonNode account = refused(notice(webhook, "pi_123", "acct_" + "x".repeat(3000)), 400, before);
        assertThat(payment.get("param").asText()).isEqualTo("payment_intent");
        assertThat(account.get("param").asText()).isEqualTo("metadata.accountId");
    }

    private static APIGatewayV2HTTPResponse notice(BillingWebhookHandler webhook, String paymentId, String accountId) {
        String body = "{\"type\":\"checkout.session.completed\",\"data\":{\"object\":{\"payment_status\":\"paid\","
                + "\"payment_intent\":\"" + paymentId + "\",\"currency\":\"usd\",\"amount_total\":1500,"
                + "\"metadata\":{\"accountId\":\"" + accountId + "\",\"packs\":\"1\"}}}}";
        String signature = WebhookSignatureVerifier.sign(HandlerFixture.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8),
                Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
        return call(webhook, "POST /v1/billing/webhook", null, Map.of(), Map.of(), Map.of("stripe-signature", signature), body);
    }

    // 2. Numbers.

    @Property(tries = 40)
    void nIsAnIntegerFromOneToTenWrittenAsOne(@ForAll("numbersThatAreNotOneToTen") String n) {
        int before = userBalance();
        JsonNode error = refused(submitJob(GOOD_PROMPT + ",\"n\":" + n + "}", Map.of()), 400, before);
        assertThat(error.get("param").asText()).isEqualTo("n");
    }

    @Provide
    Arbitrary<String> numbersThatAreNotOneToTen() {
        return Arbitraries.oneOf(
                Arbitraries.of("4294967297", "18446744073709551618", "4.0", "1.5", "1e0", "1E1", "-0", "0", "11",
                        "-4294967295", "\"1\"", "true", "[1]", "1" + "0".repeat(400)),
                Arbitraries.bigIntegers().greaterOrEqual(java.math.BigInteger.valueOf(11))
                        .lessOrEqual(java.math.BigInteger.TEN.pow(40)).map(Object::toString),
                Arbitraries.bigIntegers().lessOrEqual(java.math.BigInteger.ZERO)
                        .greaterOrEqual(java.math.BigInteger.TEN.pow(40).negate()).map(Object::toString),
                Arbitraries.doubles().between(1, 10).ofScale(2).filter(d -> d != Math.rint(d)).map(Object::toString));
    }

    @Property(tries = 30)
    void aTimeBeyondWhatAnyStoreHoldsIsRefusedNamingIt(@ForAll("timesOutOfRange") String expiresAt) {
        int before = userBalance();
        JsonNode error = refused(call(new AccountsHandler(AccountsHandler.Services.wire(FIXTURE.wiring())), "POST /v1/admin/accounts/{id}/grants",
                ADMIN_KEY, Map.of("id", USER_ID), Map.of(), Map.of(), "{\"credits\":5,\"expires_at\":" + expiresAt + "}"),
                400, before);
        assertThat(error.get("param").asText()).isEqualTo("expires_at");
    }

    @Provide
    Arbitrary<String> timesOutOfRange() {
        return Arbitraries.oneOf(
                Arbitraries.of("31556889864403200", "99999999999999999999", "1e20", "1.5e9", "-1",
                        "\"+1000000000-01-01T00:00:00Z\"", "\"+10000-01-01T00:00:00Z\"", "\"-0001-01-01T00:00:00Z\""),
                Arbitraries.longs().greaterOrEqual(253402300800L).map(Object::toString));
    }

    // 5. Strict JSON.

    @Property(tries = 30)
    void aBodyWithAnythingAfterItOrAKeyTwiceIsNotJson(@ForAll("imageBodiesThatAreNotOneObject") String body) {
        int before = userBalance();
        JsonNode job = refused(submitJob(body.replaceFirst("\\{", "{\"kind\":\"generation\","), Map.of()), 400, before);
        JsonNode images = refused(new ImagesHandler(ImagesHandler.Services.wire(FIXTURE.wiring())).handleRequest(
                event("images-generations", USER_KEY, body), null), 400, before);
        assertThat(job.get("code").asText()).isEqualTo("invalid_json");
        assertThat(images.get("code").asText()).isEqualTo("invalid_json");
    }

    @Provide
    Arbitrary<String> imageBodiesThatAreNotOneObject() {
        String valid = "{\"prompt\":\"a red circle\",\"n\":1}";
        Arbitrary<String> trailing = Arbitraries.of(" garbage", "{}", " {\"n\":2}", "]", "1", " null", "\"x\"", ",");
        return Arbitraries.oneOf(
                trailing.map(tail -> valid + tail),
                Arbitraries.of("\"n\":2", "\"prompt\":\"a blue square\"", "\"n\":1")
                        .map(repeated -> valid.substring(0, valid.length() - 1) + "," + repeated + "}"));
    }

    @Example
    void theWebhookReadsItsBodyAsStrictlyAsEveryOtherRoute() {
        int before = userBalance();
        String body = "{\"type\":\"checkout.session.completed\",\"type\":\"other\"}";
        String signature = WebhookSignatureVerifier.sign(HandlerFixture.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8),
                Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
        refused(call(new BillingWebhookHandler(BillingWebhookHandler.Services.wire(FIXTURE.wiring())), "POST /v1/billing/webhook", null, Map.of(), Map.of(),
                Map.of("stripe-signature", signature), body), 400, before);
    }

    // 6. Idempotency keys.

    @Property(tries = 30)
    void anIdempotencyKeyIsOneToTwoHundredFiftyFivePrintableCharacters(@ForAll("keysThatAreNotKeys") String key) {
        int before = userBalance();
        JsonNode error = refused(submitJob(GOOD_PROMPT + "}", Map.of("idempotency-key", key)), 400, before);
        assertThat(error.get("param").asText()).isEqualTo("Idempotency-Key");
    }

    @Provide
    Arbitrary<String> keysThatAreNotKeys() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", " leading-space", "tab\tinside", "new\nline", "caf\u00e9"),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(256).ofMaxLength(4000));
    }

    // 10. Work per request.

    @Example
    void moderationRefusesMoreTextThanThirtyTwoPromptsBeforeReadingAnyOfIt() {
        int before = userBalance();
        ModerationHandler moderation = new ModerationHandler(ModerationHandler.Services.wire(FIXTURE.wiring()));
        String word = "k-i-l-l a red circle ";
        String megabyte = word.repeat(1024 * 1024 / word.length());
        JsonNode single = refused(call(moderation, "POST /v1/moderations", USER_KEY, Map.of(), Map.of(), Map.of(),
                "{\"input\":\"" + megabyte + "\"}"), 400, before);
        String manyInputs = "\"" + word.repeat(1100 / word.length() + 1) + "\"";
        JsonNode many = refused(call(moderation, "POST /v1/moderations", USER_KEY, Map.of(), Map.of(), Map.of(),
                "{\"input\":[" + String.join(",", java.util.Collections.nCopies(32, manyInputs)) + "]}"), 400, before);
        assertThat(single.get("param").asText()).isEqualTo("input");
        assertThat(many.get("param").asText()).isEqualTo("input");
    }
}
