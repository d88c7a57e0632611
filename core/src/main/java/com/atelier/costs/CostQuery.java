package com.atelier.costs;

import com.atelier.usage.BucketWidth;
import com.atelier.usage.UsageCell;
import com.atelier.usage.UsageCounters;
import com.atelier.usage.UsageFigures;
import com.atelier.usage.UsageQuery;
import com.atelier.usage.UsageScope;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenAI's costs query: daily buckets (the only width its costs API has) of what the counted usage
 * cost, by the {@link CostModel}, optionally grouped by line item and by account ({@code project_id}).
 */
public final class CostQuery {

    /** OpenAI's costs API: 7 buckets unless asked, at most 180. */
    public static final int DEFAULT_LIMIT = 7;
    public static final int MAX_LIMIT = 180;

    private final UsageCounters counters;
    private final UsageQuery buckets;
    private final CostModel model;

    public CostQuery(UsageCounters counters, UsageQuery buckets, CostModel model) {
        this.counters = counters;
        this.buckets = buckets;
        this.model = model;
    }

    public record Request(UsageScope scope, Instant start, Optional<Instant> end, int limit, boolean byLineItem,
                          boolean byProject, List<String> projectIds, Optional<String> page) {
        public Request {
            Objects.requireNonNull(scope, "scope");
            projectIds = List.copyOf(projectIds);
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
            }
        }
    }

    /** One amount: the line item and account it is for when grouped by them. */
    public record Result(Optional<CostLineItem> lineItem, Optional<String> projectId, BigDecimal usd) {
    }

    public record Bucket(Instant start, Instant end, List<Result> results) {
    }

    public record Page(List<Bucket> buckets, Optional<String> nextPage) {
        public boolean hasMore() {
            return nextPage.isPresent();
        }
    }

    public Page costs(Request request) {
        UsageQuery.Window window = buckets.window(request.scope(), request.start(), request.end(), BucketWidth.DAY,
                request.limit(), request.page());
        Map<Instant, Map<UsageCell, UsageFigures>> read = counters.read(request.scope(), BucketWidth.DAY, window.starts());
        List<Bucket> result = new ArrayList<>();
        for (Instant start : window.starts()) {
            Map<Result, BigDecimal> amounts = new LinkedHashMap<>();
            read.getOrDefault(start, Map.of()).forEach((cell, figures) -> {
                if (!request.projectIds().isEmpty() && !request.projectIds().contains(cell.accountId())) {
                    return;
                }
                Optional<String> project = request.byProject() ? Optional.of(cell.accountId()) : Optional.empty();
                // Keyed by the group alone (amount zero), summed into the amount.
                model.cost(cell, figures).forEach((line, usd) -> amounts.merge(new Result(
                        request.byLineItem() ? Optional.of(line) : Optional.empty(), project, BigDecimal.ZERO), usd, BigDecimal::add));
            });
            List<Result> results = new ArrayList<>();
            amounts.forEach((group, usd) -> results.add(new Result(group.lineItem(), group.projectId(), usd)));
            result.add(new Bucket(start, start.plus(BucketWidth.DAY.length()), results));
        }
        return new Page(result, window.next().map(next -> buckets.nextPage(request.scope(), BucketWidth.DAY, next)));
    }
}
