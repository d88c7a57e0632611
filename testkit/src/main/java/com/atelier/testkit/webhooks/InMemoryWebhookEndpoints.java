package com.atelier.testkit.webhooks;

import com.atelier.webhooks.WebhookEndpoint;
import com.atelier.webhooks.WebhookEndpoints;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Webhook endpoints in a map; each change is one atomic compute, as DynamoDB's conditional update is. */
public final class InMemoryWebhookEndpoints implements WebhookEndpoints {

    private final Map<String, WebhookEndpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, String> defaultSecrets = new ConcurrentHashMap<>();

    @Override
    public String defaultSecret(String accountId, String secretIfNone) {
        return defaultSecrets.computeIfAbsent(accountId, account -> secretIfNone);
    }

    @Override
    public boolean create(WebhookEndpoint endpoint) {
        return endpoints.putIfAbsent(endpoint.endpointId(), endpoint) == null;
    }

    @Override
    public Optional<WebhookEndpoint> find(String endpointId) {
        return Optional.ofNullable(endpoints.get(endpointId));
    }

    @Override
    public List<WebhookEndpoint> listByAccount(String accountId, int limit) {
        return endpoints.values().stream().filter(endpoint -> endpoint.accountId().equals(accountId))
                .sorted(Comparator.comparing(WebhookEndpoint::createdAt).reversed()).limit(limit).toList();
    }

    @Override
    public Optional<WebhookEndpoint> update(String accountId, String endpointId, Changes changes) {
        return change(accountId, endpointId, e -> {
            boolean enable = changes.enabled().orElse(e.status() == WebhookEndpoint.Status.ENABLED);
            return new WebhookEndpoint(e.endpointId(), e.accountId(), changes.url().orElse(e.url()),
                    changes.description().orElse(e.description()), changes.events().orElse(e.events()), e.secret(),
                    e.previousSecret(), e.previousSecretExpiresAt(),
                    enable ? WebhookEndpoint.Status.ENABLED : WebhookEndpoint.Status.DISABLED,
                    enable ? Optional.empty() : changes.enabled().isPresent() ? Optional.of("Disabled through the API.") : e.disabledReason(),
                    enable && changes.enabled().isPresent() ? Optional.empty() : e.failingSince(), e.createdAt());
        });
    }

    @Override
    public boolean delete(String accountId, String endpointId) {
        WebhookEndpoint endpoint = endpoints.get(endpointId);
        return endpoint != null && endpoint.accountId().equals(accountId) && endpoints.remove(endpointId, endpoint);
    }

    @Override
    public Optional<WebhookEndpoint> rotateSecret(String accountId, String endpointId, String newSecret, Instant previousExpiresAt) {
        return change(accountId, endpointId, e -> new WebhookEndpoint(e.endpointId(), e.accountId(), e.url(), e.description(),
                e.events(), newSecret, Optional.of(e.secret()), Optional.of(previousExpiresAt), e.status(), e.disabledReason(),
                e.failingSince(), e.createdAt()));
    }

    @Override
    public Optional<WebhookEndpoint> recordFailure(String endpointId, Instant at) {
        return Optional.ofNullable(endpoints.computeIfPresent(endpointId, (id, e) -> e.failingSince().isPresent() ? e
                : new WebhookEndpoint(e.endpointId(), e.accountId(), e.url(), e.description(), e.events(), e.secret(),
                e.previousSecret(), e.previousSecretExpiresAt(), e.status(), e.disabledReason(), Optional.of(at), e.createdAt())));
    }

    @Override
    public void recordSuccess(String endpointId) {
        endpoints.computeIfPresent(endpointId, (id, e) -> new WebhookEndpoint(e.endpointId(), e.accountId(), e.url(),
                e.description(), e.events(), e.secret(), e.previousSecret(), e.previousSecretExpiresAt(), e.status(),
                e.disabledReason(), Optional.empty(), e.createdAt()));
    }

    @Override
    public boolean disable(String endpointId, String reason) {
        boolean[] changed = {false};
        endpoints.computeIfPresent(endpointId, (id, e) -> {
            if (e.status() == WebhookEndpoint.Status.DISABLED) {
                return e;
            }
            changed[0] = true;
            return new WebhookEndpoint(e.endpointId(), e.accountId(), e.url(), e.description(), e.events(), e.secret(),
                    e.previousSecret(), e.previousSecretExpiresAt(), WebhookEndpoint.Status.DISABLED, Optional.of(reason),
                    e.failingSince(), e.createdAt());
        });
        return changed[0];
    }

    private Optional<WebhookEndpoint> change(String accountId, String endpointId,
                                             java.util.function.UnaryOperator<WebhookEndpoint> change) {
        return Optional.ofNullable(endpoints.computeIfPresent(endpointId, (id, e) -> e.accountId().equals(accountId) ? change.apply(e) : e))
                .filter(endpoint -> endpoint.accountId().equals(accountId));
    }
}
