package com.atelier.ratelimit;

import java.time.Instant;
import java.util.OptionalInt;

/** Counts of requests per window, shared by every process that serves the account. */
public interface RequestCounters {

    /**
     * Adds one to the window's count while the count is under the limit, as one atomic step: the
     * count after adding, or empty when the limit was reached (and nothing was added). Concurrent
     * callers never pass the limit together. The window may be forgotten after {@code forgetAfter}.
     */
    OptionalInt incrementBelow(String windowKey, int limit, Instant forgetAfter);
}
