package com.atelier.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The catalogue of events a customer's system may receive (docs/events.md). Each type has a JSON
 * Schema at {@code events/schemas/<type>.json} on the classpath; its wire name is also the event's
 * EventBridge detail-type.
 */
public enum EventType {
    JOB_QUEUED("job.queued"),
    JOB_STARTED("job.started"),
    JOB_SUCCEEDED("job.succeeded"),
    JOB_FAILED("job.failed"),
    JOB_CANCELLED("job.cancelled"),
    JOB_REJECTED("job.rejected"),
    CREDITS_DEBITED("credits.debited"),
    CREDITS_REFUNDED("credits.refunded"),
    CREDITS_GRANTED("credits.granted"),
    CREDITS_PURCHASED("credits.purchased"),
    CREDITS_EXPIRED("credits.expired"),
    CREDITS_LOW("credits.low"),
    REVIEW_OPENED("review.opened"),
    REVIEW_RESOLVED("review.resolved"),
    ACCOUNT_SUSPENDED("account.suspended"),
    ACCOUNT_RESTORED("account.restored"),
    BUDGET_THRESHOLD_REACHED("budget.threshold_reached"),
    WEBHOOK_ENDPOINT_DISABLED("webhook_endpoint.disabled"),
    WEBHOOK_ENDPOINT_TEST("webhook_endpoint.test");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The classpath resource of this type's JSON Schema. */
    public String schemaResource() {
        return "events/schemas/" + wireName + ".json";
    }

    public static Optional<EventType> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
