package com.atelier.webhooks;

import com.atelier.events.EventType;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A job's own callback, as Replicate's {@code webhook} and {@code webhook_events_filter} offer it: a
 * URL that receives the job's events, signed with the account's default secret, and which of
 * Replicate's moments it wants, mapped onto Atelier's job events (docs/events.md, "Per-job callbacks").
 */
public record JobCallback(URI url, Set<Moment> moments) {

    /** Replicate's filter values that Atelier can send, and the job events each stands for. */
    public enum Moment {
        /** A worker started the job (the caller already has the queued job in the submit's answer). */
        START("start", EnumSet.of(EventType.JOB_STARTED)),
        /** A job's images are all made at once, when it succeeds: that is its one output. */
        OUTPUT("output", EnumSet.of(EventType.JOB_SUCCEEDED)),
        /** Every final status, as Replicate's terminal states. */
        COMPLETED("completed", EnumSet.of(EventType.JOB_SUCCEEDED, EventType.JOB_FAILED, EventType.JOB_CANCELLED,
                EventType.JOB_REJECTED));

        private final String wireName;
        private final Set<EventType> events;

        Moment(String wireName, Set<EventType> events) {
            this.wireName = wireName;
            this.events = events;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** Replicate's four filter values, {@code logs} among them: a longer list repeats itself. */
    public static final int MAX_FILTER_VALUES = 4;
    /** Replicate's {@code logs}: Atelier's workers report progress, never log lines, so none would ever come. */
    public static final String NEVER_SENT_LOGS = "logs";

    public JobCallback {
        Objects.requireNonNull(url, "url");
        if (moments.isEmpty()) {
            throw new IllegalArgumentException("a callback wants at least one moment");
        }
        moments = Set.copyOf(moments);
    }

    /**
     * A callback as the jobs API takes it, its URL checked as an endpoint's is (the sender checks it
     * again at each attempt).
     *
     * @param filter Replicate's {@code webhook_events_filter}; empty when the request left it out, for every moment
     * @throws InvalidWebhookException for a receiver Atelier may not call, or a filter it cannot honour
     */
    public static JobCallback checked(URI url, Optional<List<String>> filter, ReceiverAddresses receivers) {
        Set<Moment> moments = filter.map(JobCallback::moments).orElseGet(() -> EnumSet.allOf(Moment.class));
        try {
            receivers.check(url);
        } catch (ReceiverAddresses.RefusedReceiverException refused) {
            throw new InvalidWebhookException("webhook", refused.getMessage());
        }
        return new JobCallback(url, moments);
    }

    public boolean wants(EventType type) {
        return moments.stream().anyMatch(moment -> moment.events.contains(type));
    }

    /**
     * The filter as the API takes it.
     *
     * @throws InvalidWebhookException for an empty filter, an unknown value, or {@code logs}
     */
    public static Set<Moment> moments(List<String> wireNames) {
        if (wireNames.isEmpty()) {
            throw new InvalidWebhookException("webhook_events_filter", "'webhook_events_filter' must name at least one of "
                    + offered() + ", or be left out for all of them.");
        }
        Set<Moment> moments = EnumSet.noneOf(Moment.class);
        for (String name : wireNames) {
            if (name.equals(NEVER_SENT_LOGS)) {
                throw new InvalidWebhookException("webhook_events_filter", "'logs' is not offered: Atelier's workers report "
                        + "progress on GET /v1/jobs/{id}, never log lines. Use " + offered() + ".");
            }
            moments.add(Arrays.stream(Moment.values()).filter(moment -> moment.wireName.equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidWebhookException("webhook_events_filter",
                            "'webhook_events_filter' holds an unknown value; use " + offered() + ".")));
        }
        return moments;
    }

    /** The moments as the job's item keeps them: wire names, comma-separated, in a fixed order. */
    public String momentsText() {
        return moments.stream().sorted().map(Moment::wireName).collect(Collectors.joining(","));
    }

    /** Reads {@link #momentsText()} back. */
    public static Set<Moment> momentsOf(String text) {
        return moments(Arrays.asList(text.split(",")));
    }

    private static String offered() {
        return Arrays.stream(Moment.values()).map(moment -> "'" + moment.wireName + "'")
                .collect(Collectors.joining(", "));
    }
}
