package com.atelier.functions.usage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Role;
import com.atelier.costs.CloudPrices;
import com.atelier.costs.CostLineItem;
import com.atelier.costs.CostModel;
import com.atelier.functions.testing.HandlerFixture;
import com.atelier.usage.BucketWidth;
import com.atelier.usage.UsageCell;
import com.atelier.usage.UsageEvent;
import com.atelier.usage.UsageFigures;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static com.atelier.functions.testing.HandlerFixture.body;
import static com.atelier.functions.testing.HandlerFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage and costs routes over counted usage: OpenAI's shapes read by field name, counts per size,
 * source, key and user equal to what was counted, one account's usage invisible to another, and bad
 * query parameters answered 400 in OpenAI's error shape.
 */
class UsageHandlerTest {

    private static final Instant DAY = BucketWidth.DAY.bucketStart(Instant.parse("2026-11-20T00:00:00Z"));

    private final HandlerFixture fixture = new HandlerFixture(50);
    private final UsageHandler handler = new UsageHandler(UsageHandler.Services.wire(fixture.wiring()));
    private final String admin = fixture.newApiKey(Set.of(Role.USER, Role.ADMIN));
    private final String user = fixture.newApiKey();
    private final String userAccount = fixture.wiring().authenticator().authenticate("Bearer " + user).accountId();
    private final String otherAccount = "acct-other-" + UUID.randomUUID();

    private void counted(String accountId, String source, String size, String key, String endUser, int images, Instant at) {
        UsageCell cell = new UsageCell(accountId, source, size, "dall-e-2", Optional.ofNullable(key), Optional.ofNullable(endUser));
        fixture.adapters().usageCounters.count(new UsageEvent("job.finished#" + UUID.randomUUID(), at, cell,
                new UsageFigures(images, 1, 1, 0, 2_000, 0, 0)));
    }

    private void seed() {
        counted(userAccount, "image.generation", "256x256", "key_a", "alice", 4, DAY.plusSeconds(100));
        counted(userAccount, "image.generation", "256x256", "key_a", "bob", 2, DAY.plusSeconds(200));
        counted(userAccount, "image.edit", "1024x1024", "key_b", "alice", 3, DAY.plusSeconds(300));
        counted(userAccount, "image.variation", "512x512", null, null, 1, DAY.plus(Duration.ofDays(1)).plusSeconds(5));
        counted(otherAccount, "image.generation", "256x256", "key_z", "zed", 10, DAY.plusSeconds(400));
    }

    private APIGatewayV2HTTPResponse get(String route, String key, Map<String, String> query) {
        return handler.handleRequest(event("GET " + route, key, Map.of(), query, Map.of(), null), null);
    }

    private static Map<String, String> query(String... pairs) {
        Map<String, String> query = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.put(pairs[i], pairs[i + 1]);
        }
        return query;
    }

    private static long sum(JsonNode results, String field, String groupField, String value) {
        return StreamSupport.stream(results.spliterator(), false)
                .filter(result -> value.equals(result.path(groupField).asText(null)))
                .mapToLong(result -> result.get(field).asLong()).sum();
    }

    @Test
    void organisationUsageIsOpenAisPageOfBucketsGroupedBySizeSourceKeyAndUser() {
        seed();

        APIGatewayV2HTTPResponse response = get("/v1/organization/usage/images", admin, query(
                "start_time", Long.toString(DAY.getEpochSecond()), "limit", "2",
                "group_by", "project_id,source,size,api_key_id,user_id"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode page = body(response);
        assertThat(page.get("object").asText()).isEqualTo("page");
        assertThat(page.get("data")).hasSize(2);
        JsonNode first = page.get("data").get(0);
        assertThat(first.get("object").asText()).isEqualTo("bucket");
        assertThat(first.get("start_time").asLong()).isEqualTo(DAY.getEpochSecond());
        assertThat(first.get("end_time").asLong()).isEqualTo(DAY.plus(Duration.ofDays(1)).getEpochSecond());
        JsonNode results = first.get("results");
        assertThat(results).allSatisfy(result -> {
            assertThat(result.get("object").asText()).isEqualTo("organization.usage.images.result");
            assertThat(result.get("model").isNull()).isTrue();
        });
        assertThat(sum(results, "images", "project_id", userAccount)).isEqualTo(9);
        assertThat(sum(results, "images", "project_id", otherAccount)).isEqualTo(10);
        assertThat(sum(results, "images", "size", "1024x1024")).isEqualTo(3);
        assertThat(sum(results, "images", "source", "image.edit")).isEqualTo(3);
        assertThat(sum(results, "images", "api_key_id", "key_a")).isEqualTo(6);
        assertThat(sum(results, "images", "user_id", "alice")).isEqualTo(7);
        assertThat(sum(results, "num_model_requests", "user_id", "bob")).isEqualTo(1);
        assertThat(sum(results, "credits_spent", "project_id", userAccount)).isEqualTo(3);
        assertThat(page.get("data").get(1).get("results")).singleElement().satisfies(result -> {
            assertThat(result.get("api_key_id").isNull()).isTrue();
            assertThat(result.get("source").asText()).isEqualTo("image.variation");
        });
    }

    @Test
    void filtersKeepOnlyTheValuesAskedFor() {
        seed();

        JsonNode results = body(get("/v1/organization/usage/images", admin, query(
                "start_time", Long.toString(DAY.getEpochSecond()), "limit", "1", "sizes", "256x256",
                "user_ids", "alice,zed"))).at("/data/0/results");

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.get("images").asLong()).isEqualTo(14);
            assertThat(result.get("num_model_requests").asLong()).isEqualTo(2);
        });
    }

    @Test
    void anAccountSeesItsOwnUsageAndNoOtherAccountsWithoutAnAdminKey() {
        seed();

        JsonNode page = body(get("/v1/usage/images", user, query("start_time", Long.toString(DAY.getEpochSecond()),
                "limit", "1", "group_by", "project_id")));

        assertThat(page.at("/data/0/results")).singleElement().satisfies(result -> {
            assertThat(result.get("project_id").asText()).isEqualTo(userAccount);
            assertThat(result.get("images").asLong()).isEqualTo(9);
        });
        assertThat(get("/v1/organization/usage/images", user, query("start_time", "0")).getStatusCode()).isEqualTo(403);
        assertThat(get("/v1/organization/costs", user, query("start_time", "0")).getStatusCode()).isEqualTo(403);
    }

    @Test
    void pagesFollowNextPageUntilTheEndAndACursorIsBoundToItsCaller() {
        seed();
        Map<String, String> asked = query("start_time", Long.toString(DAY.getEpochSecond()),
                "end_time", Long.toString(DAY.plus(Duration.ofDays(3)).getEpochSecond()), "limit", "2");

        JsonNode first = body(get("/v1/usage/images", user, asked));
        assertThat(first.get("has_more").asBoolean()).isTrue();
        asked.put("page", first.get("next_page").asText());
        JsonNode second = body(get("/v1/usage/images", user, asked));

        assertThat(second.get("data")).singleElement().satisfies(bucket ->
                assertThat(bucket.get("start_time").asLong()).isEqualTo(DAY.plus(Duration.ofDays(2)).getEpochSecond()));
        assertThat(second.get("has_more").asBoolean()).isFalse();
        assertThat(second.get("next_page").isNull()).isTrue();
        assertRefused(get("/v1/organization/usage/images", admin, asked), "page");
    }

    @Test
    void badQueryParametersAre400sInOpenAisErrorShape() {
        String start = Long.toString(DAY.getEpochSecond());
        assertRefused(get("/v1/usage/images", user, query()), "start_time");
        assertRefused(get("/v1/usage/images", user, query("start_time", "yesterday")), "start_time");
        assertRefused(get("/v1/usage/images", user, query("start_time", start, "end_time", start)), "end_time");
        assertRefused(get("/v1/usage/images", user, query("start_time", start, "bucket_width", "2d")), "bucket_width");
        assertRefused(get("/v1/usage/images", user, query("start_time", start, "limit", "32")), "limit");
        assertRefused(get("/v1/usage/images", user, query("start_time", start, "bucket_width", "1h", "limit", "169")), "limit");
        assertRefused(get("/v1/usage/images", user, query("start_time", start, "limit", "0")), "limit");
        assertRefused(get("/v1/usage/images", user, query("start_time", start, "group_by", "colour")), "group_by");
        assertRefused(get("/v1/usage/images", user, query("start_time", start, "sizes", "2x2")), "sizes");
        assertRefused(get("/v1/usage/images", user, query("start_time", start, "sources", "image.upscale")), "sources");
        assertRefused(get("/v1/usage/images", user, query("start_time", start, "page", "bm90IGEgY3Vyc29y")), "page");
        assertRefused(get("/v1/usage/costs", user, query("start_time", start, "bucket_width", "1h")), "bucket_width");
        assertRefused(get("/v1/usage/costs", user, query("start_time", start, "limit", "181")), "limit");
        assertRefused(get("/v1/usage/costs", user, query("start_time", start, "group_by", "size")), "group_by");
    }

    @Test
    void costsAreOpenAisCostsResultsPerLineItemFromTheCostModel() {
        seed();

        JsonNode page = body(get("/v1/organization/costs", admin, query("start_time", Long.toString(DAY.getEpochSecond()),
                "limit", "1", "group_by", "line_item,project_id")));

        JsonNode results = page.at("/data/0/results");
        assertThat(results).allSatisfy(result -> {
            assertThat(result.get("object").asText()).isEqualTo("organization.costs.result");
            assertThat(result.at("/amount/currency").asText()).isEqualTo("usd");
        });
        CostModel model = new CostModel(CloudPrices.bundled());
        UsageCell otherCell = new UsageCell(otherAccount, "image.generation", "256x256", "dall-e-2", Optional.of("key_z"),
                Optional.of("zed"));
        BigDecimal expectedGpu = model.cost(otherCell, new UsageFigures(10, 1, 1, 0, 2_000, 0, 0)).get(CostLineItem.GPU_TIME);
        assertThat(StreamSupport.stream(results.spliterator(), false)
                .filter(result -> result.get("project_id").asText().equals(otherAccount)
                        && result.get("line_item").asText().equals("GPU time"))
                .map(result -> result.at("/amount/value").decimalValue()).findFirst().orElseThrow())
                .isEqualByComparingTo(expectedGpu.setScale(6, java.math.RoundingMode.HALF_EVEN));
        assertThat(StreamSupport.stream(results.spliterator(), false).map(result -> result.get("line_item").asText()).distinct())
                .containsExactlyInAnyOrder("GPU time", "Functions", "API requests", "Database", "Queue", "Storage", "Transfer");
    }

    private static void assertRefused(APIGatewayV2HTTPResponse response, String param) {
        JsonNode error = body(response).get("error");
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(error.get("param").asText()).isEqualTo(param);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.has("code")).isTrue();
    }
}
