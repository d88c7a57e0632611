package com.atelier.accounts;

import com.atelier.hashing.Sha256;
import com.atelier.testkit.InMemoryServices;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issuing, finding and revoking API keys on the in-memory adapters. */
class ApiKeyStoreTest {

    private final InMemoryServices atelier = new InMemoryServices(Instant.parse("2030-03-10T09:30:00.123456Z"));

    private ApiKeyStore.CreatedKey created(String accountId) {
        return atelier.apiKeys.create(accountId, "laptop", atelier.clock.instant());
    }

    @Test
    void aCreatedKeyIsFoundByItsSecretAndByNoOther() {
        ApiKeyStore.CreatedKey created = created("acct-1");

        assertThat(created.secret()).startsWith("sk-");
        assertThat(created.key().active()).isTrue();
        assertThat(created.key().createdAt()).isEqualTo(Instant.parse("2030-03-10T09:30:00.123Z"));
        assertThat(atelier.apiKeys.findBySecret(created.secret())).contains(created.key());
        assertThat(atelier.apiKeys.findBySecret(created.secret() + "x")).isEmpty();
    }

    @Test
    void theSecretIsStoredOnlyAsItsHashAndShownOnlyByItsEnds() {
        ApiKeyStore.CreatedKey created = created("acct-1");
        String secret = created.secret();

        assertThat(atelier.keys.findBySecretHash(secret)).isEmpty();
        assertThat(atelier.keys.findBySecretHash(Sha256.hex(secret))).contains(created.key());
        assertThat(created.key().toString()).doesNotContain(secret);
        assertThat(created.key().displayPrefix())
                .isEqualTo(secret.substring(0, 8) + "…" + secret.substring(secret.length() - 4));
    }

    @Test
    void eachKeyHasItsOwnSecretAndTheAccountListsThemNewestFirst() {
        ApiKeyStore.CreatedKey first = created("acct-1");
        atelier.clock.set(Instant.parse("2030-03-10T09:31:00Z"));
        ApiKeyStore.CreatedKey second = created("acct-1");

        assertThat(second.secret()).isNotEqualTo(first.secret());
        assertThat(second.key().keyId()).isNotEqualTo(first.key().keyId());
        assertThat(atelier.apiKeys.list("acct-1")).containsExactly(second.key(), first.key());
    }

    @Test
    void aRevokedKeyIsStillFoundButNoLongerActiveAndKeepsItsFirstRevocation() {
        ApiKeyStore.CreatedKey created = created("acct-1");
        Instant revokedAt = Instant.parse("2030-03-10T10:00:00.456789Z");

        assertThat(atelier.apiKeys.revoke("acct-1", created.key().keyId(), revokedAt)).isTrue();
        assertThat(atelier.apiKeys.revoke("acct-1", created.key().keyId(), revokedAt.plusSeconds(60))).isTrue();

        ApiKey found = atelier.apiKeys.findBySecret(created.secret()).orElseThrow();
        assertThat(found.active()).isFalse();
        assertThat(found.revokedAt()).contains(Instant.parse("2030-03-10T10:00:00.456Z"));
    }

    @Test
    void anotherAccountCannotRevokeAKey() {
        ApiKeyStore.CreatedKey created = created("acct-1");

        assertThat(atelier.apiKeys.revoke("acct-2", created.key().keyId(), atelier.clock.instant())).isFalse();

        assertThat(atelier.apiKeys.findBySecret(created.secret()).orElseThrow().active()).isTrue();
    }
}
