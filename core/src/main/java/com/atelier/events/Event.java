package com.atelier.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event in its versioned envelope, as it goes on the event bus and to webhook endpoints. The id
 * is derived from the change it reports, so a change handled twice (streams deliver at least once)
 * yields the same id, by which receivers tell repeats apart.
 *
 * @param data the type's own fields, snake_case, as its schema lists them
 */
public record Event(String id, EventType type, Instant createdAt, String accountId, Map<String, Object> data) {

    /** Bumped when a type's fields change incompatibly; a receiver may branch on it. */
    public static final String API_VERSION = "2026-12-01";
    /** The EventBridge source of every event. */
    public static final String SOURCE = "atelier";

    public Event {
        data = Map.copyOf(data);
    }

    /** The envelope as JSON fields, in the order docs/events.md shows them. */
    public Map<String, Object> envelope() {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        envelope.put("type", type.wireName());
        envelope.put("created_at", createdAt.toString());
        envelope.put("account_id", accountId);
        envelope.put("api_version", API_VERSION);
        envelope.put("data", new LinkedHashMap<>(data));
        return envelope;
    }
}
