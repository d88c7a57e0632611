package com.atelier.functions.usage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.api.ApiFunction;
import com.atelier.auth.Authenticator;
import com.atelier.costs.CostLineItem;
import com.atelier.costs.CostQuery;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.functions.http.SnapStartPriming;
import com.atelier.functions.wiring.Wiring;
import com.atelier.images.ImageSize;
import com.atelier.jobs.JobKind;
import com.atelier.paging.PageCursor;
import com.atelier.usage.BucketWidth;
import com.atelier.usage.UsageCell;
import com.atelier.usage.UsageFigures;
import com.atelier.usage.UsageGroup;
import com.atelier.usage.UsageQuery;
import com.atelier.usage.UsageScope;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * OpenAI's Usage API for images and its Costs API, in its shapes: for the whole organisation with an
 * admin key ({@code GET /v1/organization/usage/images}, {@code GET /v1/organization/costs}), and for
 * the caller's own account with any key ({@code GET /v1/usage/images}, {@code GET /v1/usage/costs}).
 * Atelier's own figures are extra fields of each result, which OpenAI's clients ignore.
 */
public final class UsageHandler extends ApiHandler {

    private final Services services;

    /** What this function uses, and nothing else: its composition root is {@link #wire}. */
    public record Services(Authenticator authenticator, UsageQuery usage, CostQuery costs) {
        public static Services wire(Wiring wiring) {
            return new Services(wiring.authenticator(), wiring.usageQuery(), wiring.costQuery());
        }
    }

    public UsageHandler() {
        this(Wiring.fromEnvironment());
    }

    private UsageHandler(Wiring wiring) {
        this(Services.wire(wiring));
        SnapStartPriming.register(this, ApiFunction.USAGE, wiring);
    }

    public UsageHandler(Services services) {
        this.services = services;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String authorization = request.header("authorization").orElse(null);
        return switch (request.routeKey()) {
            case "GET /v1/organization/usage/images" -> {
                services.authenticator().authenticateAdmin(authorization);
                yield images(UsageScope.organisation(), request);
            }
            case "GET /v1/organization/costs" -> {
                services.authenticator().authenticateAdmin(authorization);
                yield costs(UsageScope.organisation(), request);
            }
            case "GET /v1/usage/images" -> images(own(authorization), request);
            case "GET /v1/usage/costs" -> costs(own(authorization), request);
            default -> throw new IllegalStateException("no route " + request.routeKey() + " in " + getClass().getSimpleName());
        };
    }

    private UsageScope own(String authorization) {
        Account caller = services.authenticator().authenticate(authorization);
        return UsageScope.account(caller.accountId());
    }

    private APIGatewayV2HTTPResponse images(UsageScope scope, ApiRequest request) {
        Instant start = UsageParameters.startTime(request);
        Optional<Instant> end = UsageParameters.endTime(request, start);
        BucketWidth width = UsageParameters.bucketWidth(request);
        int limit = UsageParameters.limit(request, width.defaultLimit(), width.maxLimit());
        Set<UsageGroup> groupBy = UsageParameters.list(request, "group_by", name -> UsageGroup.named(name).orElseThrow(
                () -> ApiError.invalidRequest("group_by", "'" + name + "' is not one of ['project_id', 'user_id',"
                        + " 'api_key_id', 'model', 'size', 'source'] - 'group_by'")));
        Map<UsageGroup, Set<String>> filters = new EnumMap<>(UsageGroup.class);
        filters.put(UsageGroup.SOURCE, UsageParameters.list(request, "sources", UsageHandler::source));
        filters.put(UsageGroup.SIZE, UsageParameters.list(request, "sizes", UsageHandler::size));
        filters.put(UsageGroup.USER_ID, UsageParameters.texts(request, "user_ids"));
        filters.put(UsageGroup.API_KEY_ID, UsageParameters.texts(request, "api_key_ids"));
        filters.put(UsageGroup.MODEL, UsageParameters.texts(request, "models"));
        filters.put(UsageGroup.PROJECT_ID, UsageParameters.texts(request, "project_ids"));
        UsageQuery.Page page = withPageCursor(() -> services.usage().images(new UsageQuery.Request(scope, start, end,
                width, limit, filters, groupBy, UsageParameters.page(request))));
        ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "page");
        ArrayNode data = answer.putArray("data");
        for (UsageQuery.Bucket bucket : page.buckets()) {
            ArrayNode results = bucket(data, bucket.start(), bucket.end());
            for (UsageQuery.Result result : bucket.results()) {
                ObjectNode row = results.addObject().put("object", "organization.usage.images.result");
                UsageFigures figures = result.figures();
                row.put("images", figures.images()).put("num_model_requests", figures.modelRequests());
                for (UsageGroup group : UsageGroup.values()) {
                    row.put(group.wireName(), result.group().getOrDefault(group, Optional.empty()).orElse(null));
                }
                // Atelier's own figures: extra fields, which OpenAI's clients ignore.
                row.put("credits_spent", figures.creditsSpent()).put("credits_refunded", figures.creditsRefunded())
                        .put("gpu_seconds", figures.gpuMillis() / 1000.0)
                        .put("device_seconds", figures.deviceMillis() / 1000.0)
                        .put("images_refused", figures.refusedImages());
            }
        }
        return ApiResponses.json(200, page(answer, page.hasMore(), page.nextPage()));
    }

    private APIGatewayV2HTTPResponse costs(UsageScope scope, ApiRequest request) {
        Instant start = UsageParameters.startTime(request);
        Optional<Instant> end = UsageParameters.endTime(request, start);
        UsageParameters.dailyOnly(request);
        int limit = UsageParameters.limit(request, CostQuery.DEFAULT_LIMIT, CostQuery.MAX_LIMIT);
        Set<String> groupBy = UsageParameters.list(request, "group_by", name -> {
            if (!name.equals("line_item") && !name.equals("project_id")) {
                throw ApiError.invalidRequest("group_by", "'" + name + "' is not one of ['project_id', 'line_item'] - 'group_by'");
            }
            return name;
        });
        List<String> projectIds = List.copyOf(UsageParameters.texts(request, "project_ids"));
        CostQuery.Page page = withPageCursor(() -> services.costs().costs(new CostQuery.Request(scope, start, end, limit,
                groupBy.contains("line_item"), groupBy.contains("project_id"), projectIds, UsageParameters.page(request))));
        ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "page");
        ArrayNode data = answer.putArray("data");
        for (CostQuery.Bucket bucket : page.buckets()) {
            ArrayNode results = bucket(data, bucket.start(), bucket.end());
            for (CostQuery.Result result : bucket.results()) {
                ObjectNode row = results.addObject().put("object", "organization.costs.result");
                row.putObject("amount").put("value", result.usd().setScale(6, RoundingMode.HALF_EVEN))
                        .put("currency", "usd");
                row.put("line_item", result.lineItem().map(CostLineItem::wireName).orElse(null));
                row.put("project_id", result.projectId().orElse(null));
            }
        }
        return ApiResponses.json(200, page(answer, page.hasMore(), page.nextPage()));
    }

    /** OpenAI names its cursor {@code page}, where Atelier's lists name theirs {@code after}. */
    private static <T> T withPageCursor(Supplier<T> query) {
        try {
            return query.get();
        } catch (PageCursor.InvalidCursorException e) {
            throw ApiError.invalidRequest("page", "'page' is not a cursor this API returned for this query.");
        }
    }

    private static ArrayNode bucket(ArrayNode data, Instant start, Instant end) {
        return data.addObject().put("object", "bucket").put("start_time", start.getEpochSecond())
                .put("end_time", end.getEpochSecond()).putArray("results");
    }

    private static ObjectNode page(ObjectNode answer, boolean hasMore, Optional<String> nextPage) {
        return answer.put("has_more", hasMore).put("next_page", nextPage.orElse(null));
    }

    private static String source(String name) {
        return Arrays.stream(JobKind.values()).map(UsageCell::sourceOf).filter(name::equals).findFirst()
                .orElseThrow(() -> ApiError.invalidRequest("sources", "'" + name
                        + "' is not one of ['image.generation', 'image.edit', 'image.variation'] - 'sources'"));
    }

    private static String size(String name) {
        return ImageSize.named(name).map(size -> UsageCell.sizeOf(size.sidePixels())).orElseThrow(() -> ApiError.invalidRequest(
                "sizes", "'" + name + "' is not one of ['256x256', '512x512', '1024x1024'] - 'sizes'"));
    }
}
