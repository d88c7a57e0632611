package com.atelier.usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Pre-aggregated usage: per scope (the job's account, and the organisation), per bucket width and
 * bucket, the figures of each {@link UsageCell}. Counting is idempotent per event; reading costs what
 * the buckets asked for cost, never what history holds.
 */
public interface UsageCounters {

    /**
     * Adds the event's figures to its cell in the bucket of each width holding its time, in its
     * account's scope and the organisation's. An event already counted there is not counted again.
     *
     * @return whether this call counted it anywhere (false for a replay)
     */
    boolean count(UsageEvent event);

    /** The cells of each bucket asked for; a bucket nothing was counted in maps to an empty map. */
    Map<Instant, Map<UsageCell, UsageFigures>> read(UsageScope scope, BucketWidth width, List<Instant> bucketStarts);
}
