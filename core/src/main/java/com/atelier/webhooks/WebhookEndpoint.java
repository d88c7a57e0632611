package com.atelier.webhooks;

import com.atelier.events.EventType;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Where an account wants its events: a URL, the types it takes (none listed: all), and the secrets
 * deliveries are signed with. After a rotation the previous secret signs beside the new one until
 * {@code previousSecretExpiresAt}, so a receiver can switch without losing a delivery.
 *
 * @param failingSince when the first of the endpoint's current run of failed attempts was, if it is failing
 */
public record WebhookEndpoint(String endpointId, String accountId, URI url, String description, Set<EventType> events,
                              String secret, Optional<String> previousSecret, Optional<Instant> previousSecretExpiresAt,
                              Status status, Optional<String> disabledReason, Optional<Instant> failingSince,
                              Instant createdAt) {

    public enum Status { ENABLED, DISABLED }

    public WebhookEndpoint {
        events = Set.copyOf(events);
    }

    public boolean wants(EventType type) {
        return status == Status.ENABLED && (events.isEmpty() || events.contains(type));
    }

    /** The secrets that sign a delivery made at {@code now}: the current one, and the previous one during its overlap. */
    public java.util.List<String> signingSecrets(Instant now) {
        return previousSecret.filter(previous -> previousSecretExpiresAt.map(now::isBefore).orElse(false))
                .map(previous -> java.util.List.of(secret, previous))
                .orElseGet(() -> java.util.List.of(secret));
    }
}
