package com.atelier.webhooks;

import com.atelier.events.EventType;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The store of webhook endpoints. Every change is one conditional write on the endpoint's item that
 * also names its account, so one account can never change another's endpoint, and answers the item
 * as the write left it.
 */
public interface WebhookEndpoints {

    /** @return false when an endpoint with this id exists already */
    boolean create(WebhookEndpoint endpoint);

    Optional<WebhookEndpoint> find(String endpointId);

    /** The account's endpoints, newest first. */
    List<WebhookEndpoint> listByAccount(String accountId, int limit);

    /** What a PATCH changes; an empty field is left as it is. */
    record Changes(Optional<URI> url, Optional<String> description, Optional<Set<EventType>> events, Optional<Boolean> enabled) {
    }

    /** @return the endpoint as changed, or empty when the account has no such endpoint */
    Optional<WebhookEndpoint> update(String accountId, String endpointId, Changes changes);

    /** @return false when the account has no such endpoint */
    boolean delete(String accountId, String endpointId);

    /** Moves the current secret to previous, to sign until {@code previousExpiresAt}, and makes {@code newSecret} current. */
    Optional<WebhookEndpoint> rotateSecret(String accountId, String endpointId, String newSecret, Instant previousExpiresAt);

    /** Marks the start of a run of failures, unless one is running. @return the endpoint as it is now */
    Optional<WebhookEndpoint> recordFailure(String endpointId, Instant at);

    /** Ends a run of failures. */
    void recordSuccess(String endpointId);

    /**
     * The account's default signing secret, which signs its jobs' own callbacks (Replicate's
     * {@code GET /v1/webhooks/default/secret}): {@code secretIfNone} is kept on the first call, and every
     * later call answers the one kept, each in one conditional write that answers the value it left.
     */
    String defaultSecret(String accountId, String secretIfNone);

    /** @return true when this call disabled it (so that one event says so), false when it was disabled or gone */
    boolean disable(String endpointId, String reason);
}
