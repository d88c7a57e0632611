package com.atelier.usage;

import com.atelier.paging.PageCursor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAI's images usage query over the pre-aggregated counters: one page of buckets from the start
 * time (aligned down to the bucket width, UTC), up to the end time (exclusive) or now, each with its
 * cells filtered and grouped in memory. It reads the page's buckets only, whatever history holds.
 */
public final class UsageQuery {

    private final UsageCounters counters;
    private final Clock clock;

    public UsageQuery(UsageCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    /** A validated query; an empty filter set lets every value through. */
    public record Request(UsageScope scope, Instant start, Optional<Instant> end, BucketWidth width, int limit,
                          Map<UsageGroup, Set<String>> filters, Set<UsageGroup> groupBy, Optional<String> page) {
        public Request {
            Objects.requireNonNull(scope, "scope");
            filters = Map.copyOf(filters);
            groupBy = Set.copyOf(groupBy);
            if (limit < 1 || limit > width.maxLimit()) {
                throw new IllegalArgumentException("limit must be 1 to " + width.maxLimit() + " for " + width.wireName());
            }
        }
    }

    /** One group's figures in a bucket: the grouped fields' values (absent when the cells have none). */
    public record Result(Map<UsageGroup, Optional<String>> group, UsageFigures figures) {
    }

    public record Bucket(Instant start, Instant end, List<Result> results) {
    }

    public record Page(List<Bucket> buckets, Optional<String> nextPage) {
        public boolean hasMore() {
            return nextPage.isPresent();
        }
    }

    /** The buckets a page covers and the cursor of the next, read from the counters. */
    public Page images(Request request) {
        Window window = window(request.scope(), request.start(), request.end(), request.width(), request.limit(),
                request.page());
        Map<Instant, Map<UsageCell, UsageFigures>> read = counters.read(request.scope(), request.width(), window.starts());
        List<Bucket> buckets = new ArrayList<>();
        for (Instant start : window.starts()) {
            Map<Map<UsageGroup, Optional<String>>, UsageFigures> grouped = new LinkedHashMap<>();
            read.getOrDefault(start, Map.of()).forEach((cell, figures) -> {
                if (passes(cell, request.filters())) {
                    grouped.merge(groupOf(cell, request.groupBy()), figures, UsageFigures::plus);
                }
            });
            List<Result> results = grouped.entrySet().stream()
                    .map(entry -> new Result(entry.getKey(), entry.getValue())).toList();
            buckets.add(new Bucket(start, start.plus(request.width().length()), results));
        }
        return new Page(buckets, window.next().map(next -> nextPage(request.scope(), request.width(), next)));
    }

    /** The cursor that continues a query of this scope and width at the bucket starting at {@code next}. */
    public String nextPage(UsageScope scope, BucketWidth width, Instant next) {
        return UsagePageCursor.encode(scope, width, next);
    }

    /** The bucket starts of one page and the start of the next page's first bucket, if any. */
    public record Window(List<Instant> starts, Optional<Instant> next) {
    }

    /**
     * @throws PageCursor.InvalidCursorException for a cursor this API did not give this scope and width,
     *                                           or one outside the query's time range
     */
    public Window window(UsageScope scope, Instant start, Optional<Instant> end, BucketWidth width, int limit,
                         Optional<String> page) {
        Instant first = width.bucketStart(start);
        Instant until = end.orElseGet(clock::instant);
        Instant from = first;
        if (page.isPresent()) {
            from = UsagePageCursor.decode(page.get(), scope, width);
            if (from.isBefore(first) || !from.isBefore(until)) {
                throw new PageCursor.InvalidCursorException();
            }
        }
        List<Instant> starts = new ArrayList<>();
        Instant bucket = from;
        while (bucket.isBefore(until) && starts.size() < limit) {
            starts.add(bucket);
            bucket = bucket.plus(width.length());
        }
        return new Window(starts, bucket.isBefore(until) ? Optional.of(bucket) : Optional.empty());
    }

    private static boolean passes(UsageCell cell, Map<UsageGroup, Set<String>> filters) {
        return filters.entrySet().stream().allMatch(filter -> filter.getValue().isEmpty()
                || filter.getKey().of(cell).map(filter.getValue()::contains).orElse(false));
    }

    private static Map<UsageGroup, Optional<String>> groupOf(UsageCell cell, Set<UsageGroup> groupBy) {
        Map<UsageGroup, Optional<String>> group = new EnumMap<>(UsageGroup.class);
        groupBy.forEach(field -> group.put(field, field.of(cell)));
        return group;
    }
}
