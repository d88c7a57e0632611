package com.atelier.billing;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses a (signature-verified) payment webhook body into a {@link PackPurchase}.
 *
 * <p>Only {@code checkout.session.completed} events whose session has {@code payment_status} =
 * {@code paid} produce a purchase; every other event type, and unpaid sessions, yield {@link
 * Optional#empty()} (acknowledge and ignore). A relevant event that is malformed or inconsistent
 * (amount not equal to packs x {@value PackPurchase#PRICE_CENTS_PER_PACK} US cents) raises {@link
 * WebhookPayloadException}.
 *
 * <p>Thread-safe.
 */
public final class PaymentEventParser {

    public static final String CHECKOUT_COMPLETED = "checkout.session.completed";
    private static final String CURRENCY = "usd";

    private final ObjectMapper mapper;

    public PaymentEventParser() {
        this(new ObjectMapper());
    }

    public PaymentEventParser(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public Optional<PackPurchase> parse(String body) {
        Objects.requireNonNull(body, "body");
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    public Optional<PackPurchase> parse(byte[] rawBody) {
        if (rawBody == null || rawBody.length == 0) {
            throw new WebhookPayloadException("empty webhook body");
        }
        JsonNode root;
        try {
            root = mapper.readTree(rawBody);
        } catch (JacksonException e) {
            throw new WebhookPayloadException("webhook body is not valid JSON", e);
        } catch (IOException e) {
            throw new WebhookPayloadException("webhook body could not be read", e);
        }
        if (root == null || !root.isObject()) {
            throw new WebhookPayloadException("webhook body is not a JSON object");
        }

        String type = text(root, "type");
        if (type == null) {
            throw new WebhookPayloadException("webhook event has no type");
        }
        if (!CHECKOUT_COMPLETED.equals(type)) {
            return Optional.empty();
        }

        JsonNode session = root.path("data").path("object");
        if (!session.isObject()) {
            throw new WebhookPayloadException(type + " event has no data.object");
        }
        if (!"paid".equals(text(session, "payment_status"))) {
            return Optional.empty();
        }

        String paymentId = text(session, "payment_intent");
        if (paymentId == null) {
            paymentId = text(session, "id");
        }
        if (paymentId == null) {
            throw new WebhookPayloadException("checkout session has neither payment_intent nor id");
        }

        JsonNode metadata = session.path("metadata");
        if (!metadata.isObject()) {
            throw new WebhookPayloadException("checkout session " + paymentId + " has no metadata");
        }
        String accountId = text(metadata, "accountId");
        if (accountId == null) {
            throw new WebhookPayloadException(
                    "checkout session " + paymentId + " has no metadata.accountId");
        }
        int packs = packs(metadata.path("packs"), paymentId);

        String currency = text(session, "currency");
        if (currency == null || !CURRENCY.equalsIgnoreCase(currency)) {
            throw new WebhookPayloadException(
                    "checkout session " + paymentId + " currency is " + currency + ", expected usd");
        }
        JsonNode amountNode = session.path("amount_total");
        if (!amountNode.isIntegralNumber() || !amountNode.canConvertToLong()) {
            throw new WebhookPayloadException(
                    "checkout session " + paymentId + " has no integral amount_total");
        }
        long amount = amountNode.longValue();
        long expected = (long) packs * PackPurchase.PRICE_CENTS_PER_PACK;
        if (amount != expected) {
            throw new WebhookPayloadException(
                    "checkout session " + paymentId + " amount_total " + amount + " does not match "
                            + packs + " pack(s) = " + expected + " cents");
        }

        try {
            return Optional.of(new PackPurchase(paymentId, accountId, packs));
        } catch (IllegalArgumentException e) {
            throw new WebhookPayloadException("invalid pack purchase: " + e.getMessage(), e);
        }
    }

    private static int packs(JsonNode node, String paymentId) {
        if (node.isMissingNode() || node.isNull()) {
            throw new WebhookPayloadException("checkout session " + paymentId + " has no metadata.packs");
        }
        String raw = null;
        if (node.isTextual()) {
            raw = node.textValue().trim();
        } else if (node.isIntegralNumber()) {
            raw = node.asText();
        }
        if (raw == null || raw.isEmpty() || raw.length() > 9
                || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new WebhookPayloadException(
                    "checkout session " + paymentId + " metadata.packs is not a positive integer");
        }
        int packs = Integer.parseInt(raw);
        if (packs < PackPurchase.MIN_PACKS || packs > PackPurchase.MAX_PACKS) {
            throw new WebhookPayloadException(
                    "checkout session " + paymentId + " metadata.packs " + packs + " is out of range "
                            + PackPurchase.MIN_PACKS + ".." + PackPurchase.MAX_PACKS);
        }
        return packs;
    }

    /** Non-blank textual field value, or null. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            return null;
        }
        return value.textValue();
    }
}
