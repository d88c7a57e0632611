package com.atelier.functions.http;

import java.util.regex.Pattern;

/**
 * The shapes of the strings a request names things with, checked at the edge before any of them
 * becomes a key: DynamoDB refuses an empty key and one longer than 2,048 bytes (partition key) or
 * 1,024 bytes (sort key) with an error that would otherwise surface as a 500. Each shape is ASCII, so
 * its length in characters is its length in bytes, and each stays far below both limits even with the
 * prefixes the stores add ({@code grant-}, {@code paid-}, {@code purchase#}).
 */
public enum Identifier {

    /**
     * What this API hands out ({@code acct_}, {@code job_}, {@code key_}, {@code review-},
     * {@code grantapp_}, {@code oidc-} ids) and what an admin chooses ({@code grant_id}).
     */
    ID(128, "[A-Za-z0-9][A-Za-z0-9_.:-]*", "letters, digits and _ . : -, starting with a letter or digit"),
    /** The payment provider's ids: Stripe's are a prefix and up to 255 letters and digits. */
    PAYMENT_ID(255, "[A-Za-z0-9][A-Za-z0-9_.:-]*", "letters, digits and _ . : -, starting with a letter or digit"),
    /** Stripe's rule for idempotency keys, which OpenAI's clients follow: printable ASCII, up to 255 characters. */
    IDEMPOTENCY_KEY(255, "[\\x21-\\x7E][\\x20-\\x7E]*", "printable ASCII, not starting with a space"),
    /** A page's last key as URL-safe base64 JSON; this API's cursors take a few hundred characters. */
    CURSOR(1024, "[A-Za-z0-9_-]+", "the next_cursor of a page this API returned");

    private final int maxLength;
    private final Pattern alphabet;
    private final String description;

    Identifier(int maxLength, String alphabet, String description) {
        this.maxLength = maxLength;
        this.alphabet = Pattern.compile(alphabet);
        this.description = description;
    }

    /** The length is checked first, so that matching never runs over a long hostile value. */
    public boolean accepts(String value) {
        return value != null && !value.isEmpty() && value.length() <= maxLength && alphabet.matcher(value).matches();
    }

    /** @throws ApiError 400 naming {@code param} unless the value has this shape */
    public String parse(String param, String value) {
        if (!accepts(value)) {
            throw ApiError.invalidRequest(param, "'" + param + "' must be " + description + ", of 1 to " + maxLength
                    + " characters.");
        }
        return value;
    }
}
