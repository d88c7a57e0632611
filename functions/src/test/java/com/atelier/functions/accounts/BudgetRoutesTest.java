package com.atelier.functions.accounts;

import static com.atelier.functions.testing.HandlerFixture.body;
import static com.atelier.functions.testing.HandlerFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.functions.images.JobsHandler;
import com.atelier.functions.testing.HandlerFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The budget routes of the accounts function, and a hard budget's refusal as the jobs route answers
 * it: 429 {@code budget_exceeded} in OpenAI's error shape, with the rate-limit headers, nothing charged.
 */
class BudgetRoutesTest {

    private static final HandlerFixture FIXTURE = new HandlerFixture(50);
    private static final AccountsHandler ACCOUNTS = new AccountsHandler(AccountsHandler.Services.wire(FIXTURE.wiring()));
    private static final JobsHandler JOBS = new JobsHandler(JobsHandler.Services.wire(FIXTURE.wiring()));
    private final String apiKey = FIXTURE.newApiKey();

    private APIGatewayV2HTTPResponse call(String routeKey, Map<String, String> path, String body) {
        return ACCOUNTS.handleRequest(event(routeKey, apiKey, path, Map.of(), Map.of(), body), null);
    }

    private String keyId() {
        return body(call("GET /v1/keys", Map.of(), null)).get("data").get(0).get("id").asText();
    }

    private APIGatewayV2HTTPResponse submit(String user) {
        return JOBS.handleRequest(event("jobs-submit", apiKey,
                "{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"user\":\"" + user + "\"}"), null);
    }

    private int balance() {
        return FIXTURE.wiring().credits().balance(FIXTURE.wiring().authenticator().authenticate("Bearer " + apiKey)).total();
    }

    @Test
    void aKeysHardLimitRefusesTheRequestThatWouldPassItWith429BudgetExceededAndNoCharge() {
        String keyId = keyId();
        APIGatewayV2HTTPResponse patched = call("PATCH /v1/keys/{id}", Map.of("id", keyId), "{\"monthly_credit_limit\":1}");
        assertThat(patched.getStatusCode()).isEqualTo(200);
        assertThat(body(patched).get("budget").get("enforcement").asText()).isEqualTo("hard");
        assertThat(submit("alice").getStatusCode()).isEqualTo(202);
        int balance = balance();

        APIGatewayV2HTTPResponse refused = submit("alice");

        assertThat(refused.getStatusCode()).isEqualTo(429);
        JsonNode error = body(refused).get("error");
        assertThat(error.get("code").asText()).isEqualTo("budget_exceeded");
        assertThat(error.get("type").asText()).isEqualTo("insufficient_quota");
        assertThat(error.has("param")).isTrue();
        assertThat(error.get("message").asText()).contains("API key " + keyId).contains("is 1 credits").contains("0 left");
        assertThat(refused.getHeaders()).containsKeys("x-ratelimit-limit-requests", "x-ratelimit-remaining-requests",
                "x-ratelimit-reset-requests");
        assertThat(balance()).isEqualTo(balance);
    }

    @Test
    void userBudgetsArePutListedReadAndDeleted() {
        APIGatewayV2HTTPResponse put = call("PUT /v1/budgets/users/{user}", Map.of("user", "alice@example.com"),
                "{\"monthly_credit_limit\":5,\"enforcement\":\"soft\",\"thresholds\":[25,75]}");
        assertThat(put.getStatusCode()).isEqualTo(200);
        assertThat(submit("alice@example.com").getStatusCode()).isEqualTo(202);
        call("PUT /v1/budgets/account", Map.of(), "{\"monthly_credit_limit\":100}");

        JsonNode listed = body(call("GET /v1/budgets", Map.of(), null));
        assertThat(listed.get("data")).extracting(budget -> budget.get("scope").asText()).containsExactly("account", "user");
        JsonNode alice = body(call("GET /v1/budgets/users/{user}", Map.of("user", "alice@example.com"), null));
        assertThat(alice.get("scope_id").asText()).isEqualTo("alice@example.com");
        assertThat(alice.get("enforcement").asText()).isEqualTo("soft");
        assertThat(alice.get("thresholds")).extracting(JsonNode::asInt).containsExactly(25, 75);
        assertThat(alice.get("spent_credits").asInt()).isEqualTo(1);
        assertThat(alice.get("remaining_credits").asInt()).isEqualTo(4);

        assertThat(call("DELETE /v1/budgets/users/{user}", Map.of("user", "alice@example.com"), null).getStatusCode()).isEqualTo(200);
        assertThat(call("GET /v1/budgets/users/{user}", Map.of("user", "alice@example.com"), null).getStatusCode()).isEqualTo(404);
        assertThat(call("DELETE /v1/budgets/users/{user}", Map.of("user", "alice@example.com"), null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void badBudgetsAre400sNamingTheField() {
        assertThat(error(call("PUT /v1/budgets/account", Map.of(), "{\"monthly_credit_limit\":0}"), 400).get("param").asText())
                .isEqualTo("monthly_credit_limit");
        assertThat(error(call("PUT /v1/budgets/account", Map.of(), "{\"monthly_credit_limit\":\"10\"}"), 400).get("param").asText())
                .isEqualTo("monthly_credit_limit");
        assertThat(error(call("PUT /v1/budgets/account", Map.of(), "{}"), 400).get("code").asText())
                .isEqualTo("missing_required_parameter");
        assertThat(error(call("PUT /v1/budgets/account", Map.of(), "{\"monthly_credit_limit\":5,\"enforcement\":\"firm\"}"), 400)
                .get("param").asText()).isEqualTo("enforcement");
        assertThat(error(call("PUT /v1/budgets/account", Map.of(), "{\"monthly_credit_limit\":5,\"thresholds\":[0]}"), 400)
                .get("param").asText()).isEqualTo("thresholds");
        assertThat(error(call("PUT /v1/budgets/users/{user}", Map.of("user", "u".repeat(257)), "{\"monthly_credit_limit\":5}"), 400)
                .get("param").asText()).isEqualTo("user");
        assertThat(error(call("PATCH /v1/keys/{id}", Map.of("id", "key_not_mine"), "{\"monthly_credit_limit\":5}"), 404)
                .get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void theFiftyFirstBudgetIsA400() {
        for (int i = 0; i < 50; i++) {
            assertThat(call("PUT /v1/budgets/users/{user}", Map.of("user", "user-" + i), "{\"monthly_credit_limit\":5}")
                    .getStatusCode()).isEqualTo(200);
        }
        assertThat(error(call("PUT /v1/budgets/users/{user}", Map.of("user", "one-more"), "{\"monthly_credit_limit\":5}"), 400)
                .get("message").asText()).contains("at most 50 budgets");
    }

    @Test
    void aKeysBudgetIsRemovedWithANullLimit() {
        String keyId = keyId();
        call("PATCH /v1/keys/{id}", Map.of("id", keyId), "{\"monthly_credit_limit\":3,\"budget_enforcement\":\"soft\"}");

        APIGatewayV2HTTPResponse removed = call("PATCH /v1/keys/{id}", Map.of("id", keyId), "{\"monthly_credit_limit\":null}");

        assertThat(body(removed).get("budget").isNull()).isTrue();
        assertThat(body(call("GET /v1/budgets", Map.of(), null)).get("data")).isEmpty();
    }

    private static JsonNode error(APIGatewayV2HTTPResponse response, int status) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        return body(response).get("error");
    }
}
