package com.atelier.testkit.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.events.EventType;
import com.atelier.webhooks.WebhookEndpoint;
import com.atelier.webhooks.WebhookEndpoints;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A {@link WebhookEndpoints} store keeps each account's endpoints to itself and changes them in place. */
public abstract class WebhookEndpointsContract {

    private static final Instant CREATED = Instant.parse("2026-11-25T10:00:00Z");

    protected abstract WebhookEndpoints endpoints();

    private static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    private WebhookEndpoint created(String accountId, Instant at) {
        WebhookEndpoint endpoint = new WebhookEndpoint(id("we_"), accountId, URI.create("https://example.com/hooks"),
                "orders", Set.of(EventType.JOB_SUCCEEDED, EventType.JOB_FAILED), "whsec_c2VjcmV0c2VjcmV0c2VjcmV0",
                Optional.empty(), Optional.empty(), WebhookEndpoint.Status.ENABLED, Optional.empty(), Optional.empty(), at);
        assertThat(endpoints().create(endpoint)).isTrue();
        return endpoint;
    }

    @Test
    void anEndpointReadsBackAsCreatedAndIsCreatedOnce() {
        WebhookEndpoint endpoint = created(id("acct_"), CREATED);

        assertThat(endpoints().find(endpoint.endpointId())).contains(endpoint);
        assertThat(endpoints().create(endpoint)).isFalse();
    }

    @Test
    void anAccountListsItsOwnEndpointsNewestFirst() {
        String account = id("acct_");
        WebhookEndpoint older = created(account, CREATED);
        WebhookEndpoint newer = created(account, CREATED.plusSeconds(1));
        created(id("acct_"), CREATED);

        assertThat(endpoints().listByAccount(account, 10)).extracting(WebhookEndpoint::endpointId)
                .containsExactly(newer.endpointId(), older.endpointId());
    }

    @Test
    void anotherAccountCanNeitherChangeNorRotateNorDeleteAnEndpoint() {
        WebhookEndpoint endpoint = created(id("acct_"), CREATED);
        String stranger = id("acct_");

        assertThat(endpoints().update(stranger, endpoint.endpointId(), new WebhookEndpoints.Changes(
                Optional.of(URI.create("https://evil.example/")), Optional.empty(), Optional.empty(), Optional.empty()))).isEmpty();
        assertThat(endpoints().rotateSecret(stranger, endpoint.endpointId(), "whsec_bmV3", CREATED)).isEmpty();
        assertThat(endpoints().delete(stranger, endpoint.endpointId())).isFalse();
        assertThat(endpoints().find(endpoint.endpointId())).contains(endpoint);
    }

    @Test
    void anUpdateChangesOnlyWhatItNames() {
        WebhookEndpoint endpoint = created(id("acct_"), CREATED);

        WebhookEndpoint changed = endpoints().update(endpoint.accountId(), endpoint.endpointId(), new WebhookEndpoints.Changes(
                Optional.empty(), Optional.of("billing"), Optional.of(Set.of(EventType.CREDITS_PURCHASED)), Optional.empty()))
                .orElseThrow();

        assertThat(changed.description()).isEqualTo("billing");
        assertThat(changed.events()).containsExactly(EventType.CREDITS_PURCHASED);
        assertThat(changed.url()).isEqualTo(endpoint.url());
        assertThat(changed.secret()).isEqualTo(endpoint.secret());
        assertThat(endpoints().find(endpoint.endpointId())).contains(changed);
    }

    @Test
    void aRotationKeepsThePreviousSecretBesideTheNewOne() {
        WebhookEndpoint endpoint = created(id("acct_"), CREATED);
        Instant until = CREATED.plus(1, ChronoUnit.DAYS);

        WebhookEndpoint rotated = endpoints().rotateSecret(endpoint.accountId(), endpoint.endpointId(), "whsec_bmV3c2VjcmV0", until)
                .orElseThrow();

        assertThat(rotated.secret()).isEqualTo("whsec_bmV3c2VjcmV0");
        assertThat(rotated.previousSecret()).contains(endpoint.secret());
        assertThat(rotated.signingSecrets(CREATED)).containsExactly("whsec_bmV3c2VjcmV0", endpoint.secret());
        assertThat(rotated.signingSecrets(until)).containsExactly("whsec_bmV3c2VjcmV0");
    }

    @Test
    void aRunOfFailuresKeepsItsStartUntilASuccess() {
        WebhookEndpoint endpoint = created(id("acct_"), CREATED);

        endpoints().recordFailure(endpoint.endpointId(), CREATED);
        assertThat(endpoints().recordFailure(endpoint.endpointId(), CREATED.plusSeconds(60)).orElseThrow().failingSince())
                .contains(CREATED);
        endpoints().recordSuccess(endpoint.endpointId());

        assertThat(endpoints().find(endpoint.endpointId()).orElseThrow().failingSince()).isEmpty();
    }

    @Test
    void anEndpointIsDisabledOnceWithItsReasonAndEnabledAgainThroughAnUpdate() {
        WebhookEndpoint endpoint = created(id("acct_"), CREATED);

        assertThat(endpoints().disable(endpoint.endpointId(), "410 Gone")).isTrue();
        assertThat(endpoints().disable(endpoint.endpointId(), "again")).isFalse();
        WebhookEndpoint disabled = endpoints().find(endpoint.endpointId()).orElseThrow();
        assertThat(disabled.status()).isEqualTo(WebhookEndpoint.Status.DISABLED);
        assertThat(disabled.disabledReason()).contains("410 Gone");
        assertThat(disabled.wants(EventType.JOB_SUCCEEDED)).isFalse();

        WebhookEndpoint enabled = endpoints().update(endpoint.accountId(), endpoint.endpointId(), new WebhookEndpoints.Changes(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true))).orElseThrow();
        assertThat(enabled.status()).isEqualTo(WebhookEndpoint.Status.ENABLED);
        assertThat(enabled.disabledReason()).isEmpty();
    }

    @Test
    void anAccountsDefaultSecretIsKeptFromTheFirstCallOnAndIsNoEndpoint() {
        String account = id("acct_");

        String first = endpoints().defaultSecret(account, "whsec_first");
        String second = endpoints().defaultSecret(account, "whsec_second");

        assertThat(first).isEqualTo("whsec_first");
        assertThat(second).isEqualTo("whsec_first");
        assertThat(endpoints().defaultSecret(id("acct_"), "whsec_other")).isEqualTo("whsec_other");
        assertThat(endpoints().listByAccount(account, 20)).isEmpty();
    }

    @Test
    void aDeletedEndpointIsGone() {
        WebhookEndpoint endpoint = created(id("acct_"), CREATED);

        assertThat(endpoints().delete(endpoint.accountId(), endpoint.endpointId())).isTrue();
        assertThat(endpoints().find(endpoint.endpointId())).isEmpty();
        assertThat(endpoints().delete(endpoint.accountId(), endpoint.endpointId())).isFalse();
        assertThat(endpoints().recordFailure(endpoint.endpointId(), CREATED)).isEmpty();
        assertThat(endpoints().disable(endpoint.endpointId(), "gone")).isFalse();
    }
}
