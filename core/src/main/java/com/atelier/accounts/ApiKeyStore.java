package com.atelier.accounts;

import com.atelier.hashing.Sha256;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Issues, finds and revokes API keys. A key is {@code sk-} and 256 random bits; it is shown once, at
 * creation, and stored as its SHA-256 (a slow hash adds nothing to a key with that much entropy),
 * so a stolen table opens nothing.
 */
public final class ApiKeyStore {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int DISPLAY_PREFIX_LENGTH = 8;

    private final ApiKeyRepository keys;

    public ApiKeyStore(ApiKeyRepository keys) {
        this.keys = keys;
    }

    /** A new key and the only moment its secret exists outside the caller's hands. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    public CreatedKey create(String accountId, String name, Instant now) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ApiKey key = new ApiKey("key_" + HexFormat.of().formatHex(random, 0, 8), accountId,
                secret.substring(0, DISPLAY_PREFIX_LENGTH) + "…" + secret.substring(secret.length() - 4), name, now.truncatedTo(ChronoUnit.MILLIS),
                Optional.empty());
        if (!keys.add(key, hash(secret))) {
            // Two equal 256-bit random values: a broken random source, not bad luck.
            throw new IllegalStateException("a new API key collided with an existing one");
        }
        return new CreatedKey(key, secret);
    }

    /** The key with this secret, revoked or not; empty when no key has it. */
    public Optional<ApiKey> findBySecret(String secret) {
        return keys.findBySecretHash(hash(secret));
    }

    /** The account's keys, newest first. */
    public List<ApiKey> list(String accountId) {
        return keys.listByAccount(accountId);
    }

    /** Revokes one of the account's keys; false when the account has no such key. Revoking twice keeps the first time. */
    public boolean revoke(String accountId, String keyId, Instant now) {
        return keys.revoke(accountId, keyId, now).isPresent();
    }

    static String hash(String secret) {
        return Sha256.hex(secret);
    }
}
