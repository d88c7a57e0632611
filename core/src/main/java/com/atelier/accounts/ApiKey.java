package com.atelier.accounts;

import java.time.Instant;
import java.util.Optional;

/** An API key as its owner may see it after creation: never the secret, only its prefix. */
public record ApiKey(String keyId, String accountId, String displayPrefix, String name, Instant createdAt,
                     Optional<Instant> revokedAt) {

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
