package com.atelier.credits;

import java.time.Instant;
import java.util.Objects;

/** Credits taken from one lot for one job; the lot's kind and expiry travel along so a refund can restore them. */
public record Draw(String lotId, CreditKind kind, Instant expiresAt, int amount) {

    public Draw {
        Objects.requireNonNull(lotId, "lotId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (amount < 1) {
            throw new IllegalArgumentException("a draw takes at least one credit");
        }
    }
}
