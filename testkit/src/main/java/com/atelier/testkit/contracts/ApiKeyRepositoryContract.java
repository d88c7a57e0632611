package com.atelier.testkit.contracts;

import com.atelier.accounts.ApiKey;
import com.atelier.accounts.ApiKeyRepository;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules every {@link ApiKeyRepository} keeps: one key per secret hash, listed per account newest
 * first, revoked once and only by its owner. Ids are fresh per test, so a shared table serves all tests.
 */
public abstract class ApiKeyRepositoryContract {

    private final Instant now = Instant.parse("2030-03-10T09:30:00.250Z");
    private final String accountId = "acct-" + UUID.randomUUID();

    protected abstract ApiKeyRepository repository();

    private static ApiKey key(String accountId, Instant createdAt) {
        return new ApiKey("key_" + UUID.randomUUID(), accountId, "sk-abcde…wxyz", "laptop", createdAt, Optional.empty());
    }

    private static String secretHash() {
        return "hash-" + UUID.randomUUID();
    }

    /** Adds a key of the account under a fresh secret hash and answers the hash. */
    private String added(ApiKey key) {
        String secretHash = secretHash();
        assertThat(repository().add(key, secretHash)).isTrue();
        return secretHash;
    }

    @Test
    void anAddedKeyIsFoundByItsSecretHashAsGiven() {
        ApiKey key = key(accountId, now);

        String secretHash = added(key);

        assertThat(repository().findBySecretHash(secretHash)).contains(key);
    }

    @Test
    void instantsAreKeptToTheMillisecond() {
        ApiKey key = key(accountId, now.plusNanos(1_234_567));

        String secretHash = added(key);
        ApiKey revoked = repository().revoke(accountId, key.keyId(), now.plusSeconds(1).plusNanos(999_999)).orElseThrow();

        assertThat(repository().findBySecretHash(secretHash).orElseThrow().createdAt()).isEqualTo(now.plusMillis(1));
        assertThat(revoked.revokedAt()).contains(now.plusSeconds(1));
    }

    @Test
    void aSecretHashNamesOneKeyForEver() {
        ApiKey first = key(accountId, now);
        String secretHash = added(first);
        String otherAccountId = "acct-other-" + UUID.randomUUID();
        ApiKey second = key(otherAccountId, now.plusSeconds(1));

        assertThat(repository().add(second, secretHash)).isFalse();

        assertThat(repository().findBySecretHash(secretHash)).contains(first);
        assertThat(repository().listByAccount(otherAccountId)).isEmpty();
    }

    @Test
    void anUnknownSecretHashFindsNothing() {
        assertThat(repository().findBySecretHash(secretHash())).isEmpty();
    }

    @Test
    void anAccountsKeysAreListedNewestFirstAndNoOtherAccountsKeys() {
        ApiKey middle = key(accountId, now.plusSeconds(1));
        ApiKey oldest = key(accountId, now);
        ApiKey newest = key(accountId, now.plusSeconds(2));
        added(middle);
        added(oldest);
        added(newest);
        added(key("acct-other-" + UUID.randomUUID(), now.plusSeconds(1)));

        assertThat(repository().listByAccount(accountId)).containsExactly(newest, middle, oldest);
    }

    @Test
    void anAccountWithoutKeysListsNone() {
        assertThat(repository().listByAccount(accountId)).isEmpty();
    }

    @Test
    void aRevokedKeyCarriesTheMomentWhereverItIsRead() {
        ApiKey key = key(accountId, now);
        String secretHash = added(key);

        Optional<ApiKey> revoked = repository().revoke(accountId, key.keyId(), now.plusSeconds(60));

        assertThat(revoked).hasValueSatisfying(after -> {
            assertThat(after.revokedAt()).contains(now.plusSeconds(60));
            assertThat(after.active()).isFalse();
        });
        assertThat(repository().findBySecretHash(secretHash)).isEqualTo(revoked);
        assertThat(repository().listByAccount(accountId)).containsExactly(revoked.get());
    }

    @Test
    void aSecondRevokeKeepsTheFirstMoment() {
        ApiKey key = key(accountId, now);
        String secretHash = added(key);
        repository().revoke(accountId, key.keyId(), now.plusSeconds(60));

        Optional<ApiKey> again = repository().revoke(accountId, key.keyId(), now.plusSeconds(120));

        assertThat(again).hasValueSatisfying(after -> assertThat(after.revokedAt()).contains(now.plusSeconds(60)));
        assertThat(repository().findBySecretHash(secretHash).orElseThrow().revokedAt()).contains(now.plusSeconds(60));
    }

    @Test
    void revokingAnotherAccountsKeyAnswersNothingAndChangesNothing() {
        ApiKey key = key(accountId, now);
        String secretHash = added(key);

        assertThat(repository().revoke("acct-other-" + UUID.randomUUID(), key.keyId(), now.plusSeconds(60))).isEmpty();

        assertThat(repository().findBySecretHash(secretHash)).contains(key);
    }

    @Test
    void revokingAnUnknownKeyAnswersNothing() {
        added(key(accountId, now));

        assertThat(repository().revoke(accountId, "key_unknown_" + UUID.randomUUID(), now)).isEmpty();
    }
}
