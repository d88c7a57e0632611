package com.atelier.local.billing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.auth.Authenticator;
import com.atelier.billing.PackPurchase;
import com.atelier.billing.PaymentEventParser;
import com.atelier.billing.WebhookSignatureVerifier;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ErrorMapping;
import com.atelier.functions.http.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code POST /local/test-checkout} ({@code {"packs": N}}, the caller's API key): the local stage's
 * stand-in for the payment provider's checkout page. It builds the {@code checkout.session.completed}
 * event the provider sends after a paid checkout, signs it with the stage's webhook secret as the
 * provider would ({@code Stripe-Signature}), and posts it to {@code /v1/billing/webhook} over HTTP,
 * so the purchase takes the webhook's whole path. The secret never leaves the server.
 */
public final class TestModeCheckout implements HttpHandler {

    public static final String PATH = "/local/test-checkout";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 4096;
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(30);

    private final Authenticator authenticator;
    private final byte[] webhookSecret;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestModeCheckout(Authenticator authenticator, String webhookSecret, Clock clock) {
        this.authenticator = authenticator;
        this.webhookSecret = webhookSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String requestId = UUID.randomUUID().toString();
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            respond(exchange, ErrorMapping.answer(ApiError.invalidRequest(null, "Use POST " + PATH + "."), requestId));
            return;
        }
        byte[] body = exchange.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        try {
            Account buyer = authenticator.authenticate(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
            int packs = JsonFields.requiredInt(parse(body), "packs", PackPurchase.MIN_PACKS, PackPurchase.MAX_PACKS);
            byte[] event = JSON.writeValueAsBytes(paidCheckout(buyer.accountId(), packs));
            URI webhook = URI.create("http://127.0.0.1:" + exchange.getDestinationAddress().getPort() + "/v1/billing/webhook");
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(webhook)
                    .timeout(WEBHOOK_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Stripe-Signature", WebhookSignatureVerifier.sign(webhookSecret, clock.instant().getEpochSecond(), event))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build(), HttpResponse.BodyHandlers.ofString());
            exchange.setStatusCode(answer.statusCode());
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getOutputStream().write(answer.body().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException refused) {
            respond(exchange, ErrorMapping.answer(refused, requestId));
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw ApiError.invalidRequest(null, "The body is too large: send {\"packs\": N}.");
        }
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = ApiRequest.JSON_BODIES.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiError.invalidJson("The body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw ApiError.invalidJson("Check that it is one valid JSON object.");
        }
    }

    /** The fields of the provider's event that billing reads, with the provider's test-mode id prefixes. */
    private ObjectNode paidCheckout(String accountId, int packs) {
        String suffix = UUID.randomUUID().toString().replace("-", "");
        ObjectNode event = JSON.createObjectNode()
                .put("id", "evt_test_" + suffix)
                .put("object", "event")
                .put("type", PaymentEventParser.CHECKOUT_COMPLETED)
                .put("livemode", false)
                .put("created", clock.instant().getEpochSecond());
        ObjectNode session = event.putObject("data").putObject("object")
                .put("id", "cs_test_" + suffix)
                .put("object", "checkout.session")
                .put("mode", "payment")
                .put("payment_status", "paid")
                .put("payment_intent", "pi_test_" + suffix)
                .put("currency", "usd")
                .put("amount_total", (long) packs * PackPurchase.PRICE_CENTS_PER_PACK);
        session.putObject("metadata").put("accountId", accountId).put("packs", Integer.toString(packs));
        return event;
    }

    private static void respond(HttpServerExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        exchange.setStatusCode(response.getStatusCode());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getOutputStream().write(response.getBody().getBytes(StandardCharsets.UTF_8));
    }
}
