package com.atelier.billing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Stripe-style webhook signatures.
 *
 * <p>Header format: {@code t=<unix seconds>,v1=<hex hmac>[,v1=<hex hmac>...]}; other schemes
 * (e.g. {@code v0}) are ignored. Several {@code v1} entries may be present during secret rotation;
 * one match suffices. The signed payload is {@code t + "." + rawBody} and the signature is the
 * lowercase hex HMAC-SHA256 of it under the endpoint secret.
 *
 * <p>Thread-safe.
 */
public final class WebhookSignatureVerifier {

    /** Tolerance used in production. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String HMAC = "HmacSHA256";
    private static final String SCHEME = "v1";
    private static final int MAX_HEADER_LENGTH = 8192;
    private static final int MAX_TIMESTAMP_DIGITS = 18;

    private final byte[] secret;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookSignatureVerifier(byte[] secret, Duration tolerance, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative");
        }
        this.secret = secret.clone();
        this.tolerance = tolerance;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies {@code signatureHeader} against {@code rawBody} (the bytes exactly as received).
     *
     * @throws WebhookSignatureException naming the failed check
     */
    public void verify(String signatureHeader, byte[] rawBody) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new WebhookSignatureException("missing Stripe-Signature header");
        }
        if (rawBody == null) {
            throw new WebhookSignatureException("missing request body");
        }
        if (signatureHeader.length() > MAX_HEADER_LENGTH) {
            throw new WebhookSignatureException("malformed Stripe-Signature header: too long");
        }

        String timestamp = null;
        List<String> candidates = new ArrayList<>();
        for (String rawItem : signatureHeader.split(",", -1)) {
            String item = rawItem.trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new WebhookSignatureException(
                        "malformed Stripe-Signature header: expected comma-separated key=value pairs");
            }
            String key = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            if (key.equals("t")) {
                if (timestamp != null) {
                    throw new WebhookSignatureException(
                            "malformed Stripe-Signature header: more than one timestamp");
                }
                timestamp = value;
            } else if (key.equals(SCHEME)) {
                candidates.add(value);
            }
            // Unknown schemes (v0, future ones) are ignored, as Stripe documents.
        }

        if (timestamp == null) {
            throw new WebhookSignatureException("malformed Stripe-Signature header: no timestamp (t=)");
        }
        if (!isDigits(timestamp) || timestamp.length() > MAX_TIMESTAMP_DIGITS) {
            throw new WebhookSignatureException(
                    "malformed Stripe-Signature header: timestamp is not a unix time in seconds");
        }
        if (candidates.isEmpty()) {
            throw new WebhookSignatureException("Stripe-Signature header has no v1 signature");
        }

        long signedAt = Long.parseLong(timestamp);
        long now = clock.instant().getEpochSecond();
        long toleranceSeconds = tolerance.getSeconds();
        if (now - signedAt > toleranceSeconds) {
            throw new WebhookSignatureException(
                    "webhook timestamp is older than the " + toleranceSeconds + "s tolerance");
        }
        if (signedAt - now > toleranceSeconds) {
            throw new WebhookSignatureException(
                    "webhook timestamp is further in the future than the " + toleranceSeconds + "s tolerance");
        }

        byte[] expected =
                hmacHex(secret, timestamp, rawBody).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String candidate : candidates) {
            byte[] given = candidate.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            // Check all candidates (no early exit) so timing does not reveal which one matched.
            matched |= MessageDigest.isEqual(expected, given);
        }
        if (!matched) {
            throw new WebhookSignatureException("no v1 signature matches the payload");
        }
    }

    /**
     * Builds a {@code Stripe-Signature} header value ({@code t=...,v1=...}) for {@code body} signed at
     * {@code unixSeconds}. Used by tests and the local stack.
     */
    public static String sign(byte[] secret, long unixSeconds, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        if (secret.length == 0) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        if (unixSeconds < 0) {
            throw new IllegalArgumentException("unixSeconds must not be negative");
        }
        String t = Long.toString(unixSeconds);
        return "t=" + t + "," + SCHEME + "=" + hmacHex(secret, t, body);
    }

    private static String hmacHex(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            mac.update(body);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
