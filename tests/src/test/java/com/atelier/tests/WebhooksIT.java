package com.atelier.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.atelier.local.AtelierHome;
import com.atelier.testkit.events.EventSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks as a customer's system receives them: {@code ./atelier up} as a separate process, with a
 * retry schedule of one-second waits, and a real HTTP receiver on loopback that checks every
 * signature with the Standard Webhooks reference library and every event against its schema.
 */
class WebhooksIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Process stack;
    private static URI gateway;
    private static String demoKey;
    private static String adminKey;
    private static HttpServer receiver;

    /** A request the receiver got, on the path it came to. */
    private record Received(String path, Map<String, List<String>> headers, String body) {
        String webhookId() {
            return headers.get("webhook-id").get(0);
        }

        JsonNode event() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    /** How many more times each path answers 500 before it answers 204. */
    private static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();

    @BeforeAll
    static void up() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new java.util.HashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
                String path = exchange.getRequestURI().getPath();
                RECEIVED.add(new Received(path, headers, body));
                AtomicInteger failures = FAILURES_LEFT.get(path);
                int status = failures != null && failures.getAndDecrement() > 0 ? 500 : 204;
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();

        Path work = Files.createTempDirectory("webhooks-it");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("bash", AtelierHome.locate().resolve("atelier").toString(), "up",
                "--port", Integer.toString(port), "--state-dir", work.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("up.log").toFile());
        // One-second waits between attempts, so that three attempts take seconds, not minutes.
        builder.environment().put("ATELIER_WEBHOOK_RETRY_DELAYS", "1s,1s,1s");
        stack = builder.start();
        Path stateFile = work.resolve("state/local.json");
        Process started = stack;
        await("atelier up writes " + stateFile).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .failFast("atelier up exited", () -> !started.isAlive())
                .until(() -> Files.exists(stateFile));
        JsonNode state = JSON.readTree(stateFile.toFile());
        gateway = URI.create(state.get("gatewayUrl").asText());
        demoKey = state.at("/accounts/demo/apiKey").asText();
        adminKey = state.at("/accounts/admin/apiKey").asText();
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.descendants().forEach(ProcessHandle::destroy);
            stack.destroy();
            stack.waitFor(30, TimeUnit.SECONDS);
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String receiverUrl(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    /** Registers an endpoint for the demo account; answers it with its secret. */
    private static JsonNode register(String path, String events) throws Exception {
        HttpResponse<String> created = call("POST", "/v1/webhooks", demoKey,
                "{\"url\":\"" + receiverUrl(path) + "\",\"events\":" + events + ",\"description\":\"" + path + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    private static List<Received> receivedAt(String path) {
        return RECEIVED.stream().filter(request -> request.path().equals(path)).toList();
    }

    /** Checks the request as a receiver would: the reference library's verify, then the event's schema. */
    private static void assertSignedAndValid(String secret, Received request) {
        assertThatCode(() -> new Webhook(secret).verify(request.body(), request.headers())).doesNotThrowAnyException();
        EventSchemas.assertValid(request.body());
    }

    @Test
    void aFinishingJobIsDeliveredSignedAndValidAndOnlyToEndpointsThatWantIt() throws Exception {
        JsonNode jobs = register("/jobs", "[\"job.queued\",\"job.started\",\"job.succeeded\",\"credits.debited\"]");
        JsonNode billing = register("/billing", "[\"credits.purchased\"]");

        HttpResponse<String> generated = call("POST", "/v1/images/generations", demoKey,
                "{\"prompt\":\"a red circle\",\"n\":1,\"size\":\"256x256\"}");
        assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
        String jobId = JSON.readTree(generated.body()).at("/data/0/url").asText().replaceAll(".*/results/([^/]+)/.*", "$1");

        await("job.succeeded for " + jobId).atMost(Duration.ofSeconds(30)).until(() -> receivedAt("/jobs").stream()
                .anyMatch(request -> request.body().contains("\"job.succeeded\"") && request.body().contains(jobId)));
        List<Received> received = receivedAt("/jobs");
        received.forEach(request -> assertSignedAndValid(jobs.get("secret").asText(), request));
        assertThat(received.stream().map(request -> request.body().replaceAll(".*\"type\":\"([^\"]+)\".*", "$1")))
                .contains("job.queued", "job.started", "job.succeeded", "credits.debited");
        // Both endpoints' deliveries are made from one event at once: none for the billing endpoint by now.
        JsonNode billingLog = JSON.readTree(call("GET", "/v1/webhooks/" + billing.get("id").asText() + "/deliveries",
                demoKey, null).body());
        assertThat(billingLog.get("data")).isEmpty();
        assertThat(receivedAt("/billing")).isEmpty();
    }

    @Test
    void aReceiverFailingTwiceGetsTheSameWebhookIdThreeTimesAndTheLogShowsThreeAttempts() throws Exception {
        FAILURES_LEFT.put("/flaky", new AtomicInteger(2));
        JsonNode endpoint = register("/flaky", "[\"webhook_endpoint.test\"]");
        String endpointId = endpoint.get("id").asText();

        HttpResponse<String> test = call("POST", "/v1/webhooks/" + endpointId + "/test", demoKey, null);
        assertThat(test.statusCode()).as(test.body()).isEqualTo(202);
        String deliveryId = JSON.readTree(test.body()).get("id").asText();

        await("three attempts").atMost(Duration.ofSeconds(30)).until(() -> receivedAt("/flaky").size() >= 3);
        assertThat(receivedAt("/flaky")).extracting(Received::webhookId).containsExactly(deliveryId, deliveryId, deliveryId);
        receivedAt("/flaky").forEach(request -> assertSignedAndValid(endpoint.get("secret").asText(), request));
        await("the log's third attempt").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode delivery = JSON.readTree(call("GET", "/v1/webhooks/" + endpointId + "/deliveries", demoKey, null).body())
                    .at("/data/0");
            assertThat(delivery.get("status").asText()).isEqualTo("delivered");
            assertThat(delivery.get("attempts")).extracting(attempt -> attempt.get("status_code").asInt())
                    .containsExactly(500, 500, 204);
        });
    }

    @Test
    void duringARotationBothSecretsVerify() throws Exception {
        JsonNode endpoint = register("/rotating", "[\"webhook_endpoint.test\"]");
        String endpointId = endpoint.get("id").asText();
        HttpResponse<String> rotated = call("POST", "/v1/webhooks/" + endpointId + "/rotate-secret", demoKey, null);
        assertThat(rotated.statusCode()).isEqualTo(200);
        String newSecret = JSON.readTree(rotated.body()).get("secret").asText();

        call("POST", "/v1/webhooks/" + endpointId + "/test", demoKey, null);

        await("the test event").atMost(Duration.ofSeconds(20)).until(() -> !receivedAt("/rotating").isEmpty());
        Received request = receivedAt("/rotating").get(0);
        assertSignedAndValid(endpoint.get("secret").asText(), request);
        assertSignedAndValid(newSecret, request);
        assertThat(newSecret).isNotEqualTo(endpoint.get("secret").asText());
    }

    @Test
    void receiversThatAreNotPublicAreRefusedForTheirUrl() throws Exception {
        for (String url : List.of("http://10.0.0.1/in", "http://169.254.169.254/latest/meta-data", "http://192.168.1.1/",
                "http://[fd00::1]/", "http://0.0.0.0/", "http://224.0.0.1/", "ftp://example.com/")) {
            HttpResponse<String> refused = call("POST", "/v1/webhooks", demoKey, "{\"url\":\"" + url + "\"}");
            assertThat(refused.statusCode()).as(url).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).at("/error/param").asText()).as(url).isEqualTo("url");
        }
    }

    @Test
    void anotherAccountsEndpointsAreInvisible() throws Exception {
        String endpointId = register("/private", "[]").get("id").asText();

        HttpResponse<String> read = call("GET", "/v1/webhooks/" + endpointId, adminKey, null);
        HttpResponse<String> deleted = call("DELETE", "/v1/webhooks/" + endpointId, adminKey, null);
        JsonNode listed = JSON.readTree(call("GET", "/v1/webhooks", adminKey, null).body());

        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(read.body()).at("/error/code").asText()).isEqualTo("not_found");
        assertThat(deleted.statusCode()).isEqualTo(404);
        assertThat(listed.get("data")).noneMatch(endpoint -> endpoint.get("id").asText().equals(endpointId));
        assertThat(call("GET", "/v1/webhooks/" + endpointId, demoKey, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aJobsOwnCallbackGetsTheMomentsItFiltersForSignedWithTheDefaultSecretAndLoggedUnderTheJob() throws Exception {
        HttpResponse<String> secret = call("GET", "/v1/webhooks/default/secret", demoKey, null);
        assertThat(secret.statusCode()).as(secret.body()).isEqualTo(200);
        String defaultSecret = JSON.readTree(secret.body()).get("key").asText();

        HttpResponse<String> submitted = call("POST", "/v1/jobs", demoKey, "{\"kind\":\"generation\",\"prompt\":"
                + "\"a blue square\",\"n\":1,\"size\":\"256x256\",\"webhook\":\"" + receiverUrl("/callback")
                + "\",\"webhook_events_filter\":[\"start\",\"completed\"]}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String jobId = JSON.readTree(submitted.body()).get("id").asText();

        await("the callback's job.started and job.succeeded").atMost(Duration.ofSeconds(60)).until(() ->
                receivedAt("/callback").stream().map(WebhooksIT::typeOf).toList().containsAll(List.of("job.started", "job.succeeded")));
        List<Received> received = receivedAt("/callback");
        assertThat(received).extracting(WebhooksIT::typeOf).containsExactlyInAnyOrder("job.started", "job.succeeded");
        for (Received request : received) {
            assertSignedAndValid(defaultSecret, request);
            assertThat(request.event().at("/data/job_id").asText()).isEqualTo(jobId);
        }
        await("the job's callback log").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode log = JSON.readTree(call("GET", "/v1/jobs/" + jobId + "/webhook-deliveries", demoKey, null).body());
            assertThat(log.get("data")).extracting(delivery -> delivery.get("event_type").asText())
                    .containsExactlyInAnyOrder("job.started", "job.succeeded");
            assertThat(log.get("data")).allSatisfy(delivery -> {
                assertThat(delivery.get("status").asText()).isEqualTo("delivered");
                assertThat(delivery.get("url").asText()).isEqualTo(receiverUrl("/callback"));
            });
        });
        assertThat(JSON.readTree(call("GET", "/v1/jobs/" + jobId + "/webhook-deliveries", adminKey, null).body())
                .get("data")).isEmpty();
    }

    @Test
    void aJobsCallbackThatIsNotPublicOrWantsLogsIsRefused() throws Exception {
        HttpResponse<String> metadata = call("POST", "/v1/jobs", demoKey, "{\"kind\":\"generation\",\"prompt\":"
                + "\"a blue square\",\"webhook\":\"http://169.254.169.254/latest/meta-data\"}");
        HttpResponse<String> logs = call("POST", "/v1/jobs", demoKey, "{\"kind\":\"generation\",\"prompt\":"
                + "\"a blue square\",\"webhook\":\"" + receiverUrl("/callback-logs") + "\",\"webhook_events_filter\":[\"logs\"]}");

        assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(400);
        assertThat(JSON.readTree(metadata.body()).at("/error/param").asText()).isEqualTo("webhook");
        assertThat(logs.statusCode()).as(logs.body()).isEqualTo(400);
        assertThat(JSON.readTree(logs.body()).at("/error/param").asText()).isEqualTo("webhook_events_filter");
    }

    private static String typeOf(Received request) {
        return request.body().replaceAll(".*\"type\":\"([^\"]+)\".*", "$1");
    }

    private static String submitJob(String prompt) throws Exception {
        HttpResponse<String> submitted = call("POST", "/v1/jobs", demoKey, "{\"kind\":\"generation\",\"prompt\":\""
                + prompt + "\",\"n\":1,\"size\":\"256x256\"}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        return JSON.readTree(submitted.body()).get("id").asText();
    }

    @Test
    void aDebitTakingTheBalanceUnderTheAccountsThresholdDeliversOneCreditsLow() throws Exception {
        JsonNode endpoint = register("/credits", "[\"credits.low\",\"credits.debited\"]");
        int balance = JSON.readTree(call("GET", "/v1/credits", demoKey, null).body()).get("total").asInt();
        HttpResponse<String> set = call("PUT", "/v1/credits/alerts", demoKey, "{\"low_balance_threshold\":" + balance + "}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        try {
            String crossing = submitJob("a green triangle");
            await("credits.low").atMost(Duration.ofSeconds(30)).until(() -> receivedAt("/credits").stream()
                    .anyMatch(request -> typeOf(request).equals("credits.low")));
            String below = submitJob("a yellow triangle");
            await("credits.debited for the job after it").atMost(Duration.ofSeconds(60)).until(() -> receivedAt("/credits")
                    .stream().anyMatch(request -> typeOf(request).equals("credits.debited") && request.body().contains(below)));

            List<Received> lows = receivedAt("/credits").stream().filter(request -> typeOf(request).equals("credits.low")).toList();
            assertThat(lows).hasSize(1);
            assertSignedAndValid(endpoint.get("secret").asText(), lows.get(0));
            JsonNode low = lows.get(0).event().get("data");
            assertThat(low.get("reference").asText()).isEqualTo(crossing);
            assertThat(low.get("threshold").asInt()).isEqualTo(balance);
            assertThat(low.get("balance").asInt()).isLessThan(balance);
        } finally {
            call("PUT", "/v1/credits/alerts", demoKey, "{\"low_balance_threshold\":null}");
        }
    }
}
