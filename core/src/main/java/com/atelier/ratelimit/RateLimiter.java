package com.atelier.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * Requests per account per minute, counted in one window per account and minute: a request is let
 * through only while the minute's count is under the limit, so concurrent requests can never pass
 * more than the limit, whichever process serves them.
 */
public final class RateLimiter {

    /** The outcome, with what OpenAI's x-ratelimit-* headers report. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private final RequestCounters counters;
    private final int requestsPerMinute;
    private final Clock clock;

    public RateLimiter(RequestCounters counters, int requestsPerMinute, Clock clock) {
        this.counters = counters;
        this.requestsPerMinute = requestsPerMinute;
        this.clock = clock;
    }

    public Decision take(String accountId) {
        Instant now = clock.instant();
        long minute = now.getEpochSecond() / 60;
        long resetSeconds = (minute + 1) * 60 - now.getEpochSecond();
        OptionalInt count = counters.incrementBelow(accountId + "#" + minute, requestsPerMinute,
                Instant.ofEpochSecond((minute + 2) * 60));
        return count.isPresent()
                ? new Decision(true, requestsPerMinute, requestsPerMinute - count.getAsInt(), resetSeconds)
                : new Decision(false, requestsPerMinute, 0, resetSeconds);
    }
}
