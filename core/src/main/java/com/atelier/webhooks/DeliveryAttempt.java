package com.atelier.webhooks;

import java.time.Instant;
import java.util.Optional;

/**
 * One try at delivering: when, what the receiver answered (no status when none came), how long it
 * took, and what went wrong in our words when no answer came or it was refused.
 */
public record DeliveryAttempt(Instant at, Optional<Integer> statusCode, long latencyMillis, Optional<String> error) {

    public boolean delivered() {
        return statusCode.map(code -> code >= 200 && code < 300).orElse(false);
    }
}
