package com.atelier.jobs;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Job ids. With an {@code Idempotency-Key}, the id is a name-based UUID of (account, key), so a
 * repeated request lands on the same job and its debit's condition refuses to pay twice; two
 * accounts using the same key get different jobs.
 */
public final class JobIds {

    private JobIds() {
    }

    public static String forIdempotencyKey(String accountId, String idempotencyKey) {
        return "job_" + UUID.nameUUIDFromBytes((accountId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }

    public static String random() {
        return "job_" + UUID.randomUUID().toString().replace("-", "");
    }
}
