package com.atelier.testkit;

import com.atelier.accounts.ApiKey;
import com.atelier.accounts.ApiKeyRepository;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API keys table as a map keyed by secret hash. A key is added with one {@code putIfAbsent}, as the
 * table's put under {@code attribute_not_exists(keyHash)}; a revoke is one {@code computeIfPresent} that
 * keeps the first moment. Instants are kept to the millisecond, as the table keeps them.
 */
public final class InMemoryApiKeyRepository implements ApiKeyRepository {

    private final Map<String, ApiKey> keysBySecretHash = new ConcurrentHashMap<>();

    @Override
    public boolean add(ApiKey key, String secretHash) {
        ApiKey kept = new ApiKey(key.keyId(), key.accountId(), key.displayPrefix(), key.name(), millis(key.createdAt()),
                key.revokedAt().map(InMemoryApiKeyRepository::millis));
        return keysBySecretHash.putIfAbsent(secretHash, kept) == null;
    }

    @Override
    public Optional<ApiKey> findBySecretHash(String secretHash) {
        return Optional.ofNullable(keysBySecretHash.get(secretHash));
    }

    /** Newest first, as the byAccount index is read backwards. */
    @Override
    public List<ApiKey> listByAccount(String accountId) {
        return keysBySecretHash.values().stream().filter(key -> key.accountId().equals(accountId))
                .sorted(Comparator.comparing(ApiKey::createdAt).reversed()).toList();
    }

    @Override
    public Optional<ApiKey> revoke(String accountId, String keyId, Instant at) {
        Optional<String> secretHash = keysBySecretHash.entrySet().stream()
                .filter(entry -> entry.getValue().accountId().equals(accountId) && entry.getValue().keyId().equals(keyId))
                .map(Map.Entry::getKey).findFirst();
        // A revoke never touches another account's key, and the first revocation stays.
        return secretHash.map(hash -> keysBySecretHash.computeIfPresent(hash, (unused, key) -> key.revokedAt().isPresent()
                ? key
                : new ApiKey(key.keyId(), key.accountId(), key.displayPrefix(), key.name(), key.createdAt(),
                        Optional.of(millis(at)))));
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
