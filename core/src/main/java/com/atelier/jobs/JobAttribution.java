package com.atelier.jobs;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a job was made for, beside the account that pays: the API key that sent it (absent for an OIDC
 * token), the caller's own end-user id (the Images API's {@code user} field) and the model asked for.
 * Usage and costs are counted and filtered by these.
 */
public record JobAttribution(Optional<String> apiKeyId, Optional<String> endUser, String model) {

    /** The longest {@code user} the API takes: an id, not a document (OpenAI sets no limit; the ledger and counters keep it). */
    public static final int MAX_END_USER_CHARACTERS = 256;
    /** The one model Atelier serves, as OpenAI names it. */
    public static final String DALL_E_2 = "dall-e-2";

    public JobAttribution {
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(endUser, "endUser");
        Objects.requireNonNull(model, "model");
        endUser.ifPresent(user -> {
            if (user.isEmpty() || user.length() > MAX_END_USER_CHARACTERS) {
                throw new IllegalArgumentException("an end user id has 1 to " + MAX_END_USER_CHARACTERS + " characters");
            }
        });
    }

    /** A request with neither key nor end user: an OIDC-signed request without {@code user}. */
    public static JobAttribution accountOnly(String model) {
        return new JobAttribution(Optional.empty(), Optional.empty(), model);
    }
}
