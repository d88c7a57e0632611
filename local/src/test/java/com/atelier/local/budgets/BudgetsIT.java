package com.atelier.local.budgets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atelier.accounts.Account;
import com.atelier.accounts.CreditService;
import com.atelier.accounts.Role;
import com.atelier.aws.credits.DynamoDbCreditAccounts;
import com.atelier.aws.credits.DynamoDbLedger;
import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetExceededException;
import com.atelier.budgets.BudgetMonth;
import com.atelier.budgets.BudgetScope;
import com.atelier.budgets.BudgetService;
import com.atelier.budgets.Enforcement;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.local.testing.Race;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Budgets through the local stack's HTTP API: a hard key limit holds under 40 concurrent requests,
 * its thresholds reach a webhook endpoint once each, and a soft limit lets requests pass and alerts.
 * Each test opens its own account, so the rate limit of 50 requests a minute is its own.
 */
@ExtendWith(LocalStackExtension.class)
class BudgetsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private URI gateway;
    private String apiKey;
    private String keyId;

    @BeforeEach
    void openAccountAndReceiver(LocalStack stack) throws Exception {
        gateway = stack.gatewayUrl();
        JsonNode account = JSON.readTree(call("POST", "/v1/admin/accounts", stack.adminApiKey(), "{\"roles\":[\"user\"]}").body());
        apiKey = account.at("/api_key/key").asText();
        keyId = account.at("/api_key/id").asText();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
        HttpResponse<String> endpoint = call("POST", "/v1/webhooks", apiKey, "{\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/budgets\",\"events\":[\"budget.threshold_reached\"]}");
        assertThat(endpoint.statusCode()).as(endpoint.body()).isEqualTo(201);
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private HttpResponse<String> call(String method, String path, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> submit(String user) throws IOException, InterruptedException {
        return call("POST", "/v1/jobs", apiKey, "{\"kind\":\"generation\",\"prompt\":\"a red star\",\"size\":\"256x256\","
                + "\"user\":\"" + user + "\"}");
    }

    /**
     * A submit as OpenAI's SDKs make it: a 5xx (a function past its time limit on a loaded machine)
     * is sent again with the same Idempotency-Key, which is never charged twice.
     */
    private HttpResponse<String> submitRetryingServerErrors(String user) throws IOException, InterruptedException {
        String idempotencyKey = "budget-" + UUID.randomUUID();
        String body = "{\"kind\":\"generation\",\"prompt\":\"a red star\",\"size\":\"256x256\",\"user\":\"" + user + "\"}";
        HttpResponse<String> answer = null;
        for (int attempt = 0; attempt < 5 && (answer == null || answer.statusCode() >= 500); attempt++) {
            answer = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/v1/jobs")).header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
        return answer;
    }

    private int balance() throws IOException, InterruptedException {
        return JSON.readTree(call("GET", "/v1/credits", apiKey, null).body()).get("total").asInt();
    }

    private List<Integer> thresholdsReceived() {
        return received.stream().filter(event -> event.get("type").asText().equals("budget.threshold_reached"))
                .map(event -> event.at("/data/threshold_percent").asInt()).sorted().toList();
    }

    @Test
    void fortyConcurrentRequestsAgainstAHardKeyLimitOfTenAcceptExactlyTenAndChargeNothingElse() throws Exception {
        int before = balance();
        HttpResponse<String> patched = call("PATCH", "/v1/keys/" + keyId, apiKey, "{\"monthly_credit_limit\":10}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);

        List<HttpResponse<String>> answers = Race.run(40, i -> () -> submitRetryingServerErrors("user-" + i));

        assertThat(answers.stream().filter(answer -> answer.statusCode() == 202)).hasSize(10);
        List<HttpResponse<String>> refused = answers.stream().filter(answer -> answer.statusCode() != 202).toList();
        assertThat(refused).hasSize(30).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
            JsonNode error = JSON.readTree(answer.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("budget_exceeded");
            assertThat(error.get("message").asText()).contains("API key " + keyId).contains("10 credits");
            assertThat(answer.headers().firstValue("x-ratelimit-limit-requests")).isPresent();
        });
        assertThat(balance()).isEqualTo(before - 10);
        JsonNode budget = JSON.readTree(call("GET", "/v1/budgets", apiKey, null).body()).get("data").get(0);
        assertThat(budget.get("spent_credits").asInt()).isEqualTo(10);
        assertThat(budget.get("remaining_credits").asInt()).isZero();

        await("thresholds 50, 80 and 100% received").atMost(Duration.ofSeconds(30))
                .until(() -> thresholdsReceived().equals(List.of(50, 80, 100)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> thresholdsReceived().equals(List.of(50, 80, 100)));
    }

    /**
     * The same race without HTTP, on the DynamoDB adapter: the debit's one conditional write is what
     * holds the limit, whatever the gateway's time limits do to requests on a loaded machine.
     */
    @Test
    void fortyConcurrentChargesOnTheAccountsTableAcceptExactlyTen(LocalStack stack) throws Exception {
        DynamoDbCreditAccounts accounts = new DynamoDbCreditAccounts(stack.clients().dynamoDb(),
                stack.clients().dynamoDbEnhanced(), stack.resources().accounts().name());
        DynamoDbLedger ledger = new DynamoDbLedger(stack.clients().dynamoDbEnhanced(), stack.resources().ledger().name());
        CreditService credits = new CreditService(accounts, ledger, Clock.systemUTC());
        String accountId = "acct-budget-" + UUID.randomUUID();
        credits.openAccount(accountId, Set.of(Role.USER), Optional.empty());
        new BudgetService(accounts, ledger, Clock.systemUTC()).set(accounts.find(accountId).orElseThrow(),
                BudgetScope.apiKey("key_race"), 10, Enforcement.HARD, Budget.DEFAULT_THRESHOLDS_PERCENT);

        List<Boolean> charged = Race.run(40, i -> () -> {
            try {
                credits.charge(accounts.find(accountId).orElseThrow(), "job-" + i, 1, Optional.of("key_race"), Optional.empty());
                return true;
            } catch (BudgetExceededException refused) {
                return false;
            }
        });

        assertThat(charged.stream().filter(Boolean::booleanValue)).hasSize(10);
        Account account = accounts.find(accountId).orElseThrow();
        assertThat(account.openDebits()).hasSize(10);
        assertThat(account.budget(BudgetScope.apiKey("key_race")).orElseThrow().spentIn(BudgetMonth.of(Instant.now())))
                .isEqualTo(10);
    }

    @Test
    void aSoftUserLimitLetsRequestsPassAndAlertsOncePerThreshold() throws Exception {
        HttpResponse<String> put = call("PUT", "/v1/budgets/users/alice", apiKey,
                "{\"monthly_credit_limit\":2,\"enforcement\":\"soft\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> answer = submit("alice");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        }

        await("thresholds 50, 80 and 100% received").atMost(Duration.ofSeconds(30))
                .until(() -> thresholdsReceived().equals(List.of(50, 80, 100)));
        JsonNode alice = JSON.readTree(call("GET", "/v1/budgets/users/alice", apiKey, null).body());
        assertThat(alice.get("spent_credits").asInt()).isEqualTo(4);
        assertThat(received).allSatisfy(event -> assertThat(event.at("/data/scope").asText()).isEqualTo("user"));
    }
}
