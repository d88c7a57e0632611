package com.atelier.events;

import java.util.Map;

/**
 * A fact integrations may react to, as it goes on the event bus: {@code source} atelier, a
 * detail-type, and a detail whose fields (snake_case) follow the API's.
 */
public record ChangeEvent(String detailType, String accountId, Map<String, Object> detail) {

    public static final String SOURCE = "atelier";
    public static final String JOB_FINISHED = "Job Finished";
    public static final String CREDITS_CHANGED = "Credits Changed";

    public ChangeEvent {
        detail = Map.copyOf(detail);
    }
}
