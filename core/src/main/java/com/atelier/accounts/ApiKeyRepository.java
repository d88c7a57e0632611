package com.atelier.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where API keys are kept: each under the SHA-256 of its secret, never the secret itself. */
public interface ApiKeyRepository {

    /** Stores a new key; false when a key with this secret hash exists already (the key is then not stored). */
    boolean add(ApiKey key, String secretHash);

    /** The key stored under this secret hash, revoked or not. */
    Optional<ApiKey> findBySecretHash(String secretHash);

    /** The account's keys, newest first. */
    List<ApiKey> listByAccount(String accountId);

    /**
     * Marks one of the account's keys revoked at this moment, unless it is revoked already (the first
     * moment stays). The key as it stands after the call; empty when the account has no such key.
     */
    Optional<ApiKey> revoke(String accountId, String keyId, Instant at);
}
