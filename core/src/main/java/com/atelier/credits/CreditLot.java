package com.atelier.credits;

import java.time.Instant;
import java.util.Objects;

/**
 * Credits of one origin that expire together: a month's free credits, a purchased pack, an artist
 * grant, or credits given back by a refund.
 */
public record CreditLot(String lotId, CreditKind kind, int amount, int remaining, Instant grantedAt, Instant expiresAt) {

    public CreditLot {
        Objects.requireNonNull(lotId, "lotId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (amount < 0 || remaining < 0) {
            throw new IllegalArgumentException("lot " + lotId + " has a negative amount");
        }
    }

    public boolean usableAt(Instant now) {
        return remaining > 0 && now.isBefore(expiresAt);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
