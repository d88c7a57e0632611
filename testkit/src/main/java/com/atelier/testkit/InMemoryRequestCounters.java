package com.atelier.testkit;

import com.atelier.ratelimit.RequestCounters;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rate limits table as a map of counts. Windows are never forgotten: no test lives past a
 * window's {@code forgetAfter}, and a forgotten window is never counted again anyway.
 */
public final class InMemoryRequestCounters implements RequestCounters {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Override
    public OptionalInt incrementBelow(String windowKey, int limit, Instant forgetAfter) {
        AtomicInteger count = counts.computeIfAbsent(windowKey, key -> new AtomicInteger());
        // The invariant: a window's count never passes the limit, so the add and its check are one atomic step.
        int before = count.getAndUpdate(current -> current < limit ? current + 1 : current);
        return before < limit ? OptionalInt.of(before + 1) : OptionalInt.empty();
    }
}
