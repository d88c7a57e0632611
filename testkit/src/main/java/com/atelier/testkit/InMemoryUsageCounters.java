package com.atelier.testkit;

import com.atelier.usage.BucketWidth;
import com.atelier.usage.UsageCell;
import com.atelier.usage.UsageCounters;
import com.atelier.usage.UsageEvent;
import com.atelier.usage.UsageFigures;
import com.atelier.usage.UsageScope;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The usage counters table as maps: per scope, width and bucket, each cell's figures and the events counted. */
public final class InMemoryUsageCounters implements UsageCounters {

    private record BucketKey(String scope, BucketWidth width, Instant start) {
    }

    private static final class Bucket {
        final Set<String> counted = new HashSet<>();
        final Map<UsageCell, UsageFigures> cells = new HashMap<>();
    }

    private final Map<BucketKey, Bucket> buckets = new HashMap<>();

    @Override
    public synchronized boolean count(UsageEvent event) {
        boolean counted = false;
        for (UsageScope scope : List.of(UsageScope.account(event.cell().accountId()), UsageScope.organisation())) {
            for (BucketWidth width : BucketWidth.values()) {
                Bucket bucket = buckets.computeIfAbsent(new BucketKey(scope.key(), width, width.bucketStart(event.finishedAt())),
                        key -> new Bucket());
                // As the table's condition: an event adds to a bucket once.
                if (bucket.counted.add(event.eventId())) {
                    bucket.cells.merge(event.cell(), event.figures(), UsageFigures::plus);
                    counted = true;
                }
            }
        }
        return counted;
    }

    @Override
    public synchronized Map<Instant, Map<UsageCell, UsageFigures>> read(UsageScope scope, BucketWidth width,
                                                                        List<Instant> bucketStarts) {
        Map<Instant, Map<UsageCell, UsageFigures>> read = new LinkedHashMap<>();
        for (Instant start : bucketStarts) {
            Bucket bucket = buckets.get(new BucketKey(scope.key(), width, start));
            read.put(start, bucket == null ? Map.of() : Map.copyOf(bucket.cells));
        }
        return read;
    }
}
