package com.atelier.webhooks;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Standard Webhooks headers of one attempt, signed by the specification's reference library:
 * {@code webhook-id} (the delivery, the same on every retry), {@code webhook-timestamp} (this attempt,
 * in seconds) and {@code webhook-signature}, one {@code v1,<base64 HMAC-SHA256>} per secret, space
 * separated, so a receiver verifies with whichever secret it holds during a rotation.
 */
public final class WebhookSignatures {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** 24 random bytes: the specification asks for 24 to 64. */
    private static final int SECRET_BYTES = 24;

    private WebhookSignatures() {
    }

    public static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    public static Map<String, String> headers(String deliveryId, Instant at, String payload, List<String> secrets) {
        long seconds = at.getEpochSecond();
        String signatures = secrets.stream().map(secret -> sign(secret, deliveryId, seconds, payload))
                .collect(Collectors.joining(" "));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", deliveryId);
        headers.put("webhook-timestamp", Long.toString(seconds));
        headers.put("webhook-signature", signatures);
        headers.put("content-type", "application/json");
        headers.put("user-agent", "Atelier-Webhooks/1");
        return headers;
    }

    private static String sign(String secret, String deliveryId, long seconds, String payload) {
        try {
            return new Webhook(secret).sign(deliveryId, seconds, payload);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("a stored webhook secret that cannot sign", e);
        }
    }
}
