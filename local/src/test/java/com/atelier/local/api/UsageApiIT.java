package com.atelier.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atelier.accounts.ApiKeyStore;
import com.atelier.accounts.Role;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.jobs.JobAttribution;
import com.atelier.jobs.JobCost;
import com.atelier.jobs.JobIds;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobOutcomes;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobSpec;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.usage.BucketWidth;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The usage and costs routes on the local stack: jobs finished through the real job store reach the
 * usage counters through the change feed (as the jobs table's stream on AWS), and the routes answer
 * in OpenAI's shapes, the organisation's for admins, each account's own for its keys.
 */
@ExtendWith(LocalStackExtension.class)
class UsageApiIT {

    private LocalStack stack;
    private Wiring wiring;
    private Api api;

    @BeforeEach
    void connect(LocalStack localStack) {
        stack = localStack;
        api = new Api(stack.gatewayUrl());
        wiring = new Wiring(AtelierConfig.fromEnvironment(), new AwsAdapters(AtelierConfig.fromEnvironment(), stack.clients()), Clock.systemUTC());
    }

    private String account() {
        String accountId = "acct_usage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        wiring.credits().openAccount(accountId, Set.of(Role.USER), Optional.empty());
        return accountId;
    }

    private ApiKeyStore.CreatedKey key(String accountId) {
        return wiring.apiKeys().create(accountId, "usage test", Instant.now());
    }

    private JobRecord claimedJob(String accountId, JobKind kind, int images, int sizePixels, JobAttribution madeBy) {
        String jobId = JobIds.forIdempotencyKey(accountId, UUID.randomUUID().toString());
        wiring.jobAdmission().admit(wiring.creditAccounts().find(accountId).orElseThrow(), jobId, kind, images,
                "hash-" + jobId, JobSpec.generation("a red circle", sizePixels, 1), madeBy);
        return wiring.jobs().claim(jobId, Instant.now()).orElseThrow();
    }

    private void finish(JobRecord job, int imagesMade, JobCost cost) {
        List<String> keys = java.util.stream.IntStream.range(0, imagesMade).mapToObj(i -> "results/u/" + job.jobId() + "/" + i + ".png").toList();
        wiring.jobOutcomes().changed(wiring.jobs().complete(job.jobId(), job.attempt(), keys, 0, cost, Instant.now()).orElseThrow());
    }

    private void reject(JobRecord job, int flagged, JobCost cost) {
        wiring.jobOutcomes().changed(wiring.jobs().reject(job.jobId(), job.attempt(), JobOutcomes.ALL_IMAGES_FLAGGED,
                flagged, cost, Instant.now()).orElseThrow());
    }

    private static String today() {
        return Long.toString(BucketWidth.DAY.bucketStart(Instant.now()).getEpochSecond());
    }

    private static long sum(JsonNode results, String field, String groupField, String value) {
        return StreamSupport.stream(results.spliterator(), false)
                .filter(result -> value.equals(result.path(groupField).asText(null)))
                .mapToLong(result -> result.get(field).asLong()).sum();
    }

    private static JsonNode todaysResults(JsonNode page) {
        return page.at("/data/0/results");
    }

    @Test
    void countsEqualWhatWasMadePerSizeSourceKeyAndUserAndEachAccountSeesOnlyItsOwn() {
        String first = account();
        String second = account();
        ApiKeyStore.CreatedKey firstKey = key(first);
        ApiKeyStore.CreatedKey secondKey = key(second);
        String keyId = firstKey.key().keyId();
        JobCost gpu = new JobCost("atelier-shapes-64", 20, "CUDA", 2500, 3000);
        finish(claimedJob(first, JobKind.GENERATION, 3, 256,
                new JobAttribution(Optional.of(keyId), Optional.of("alice"), JobAttribution.DALL_E_2)), 3, gpu);
        finish(claimedJob(first, JobKind.VARIATION, 2, 512,
                new JobAttribution(Optional.of(keyId), Optional.of("bob"), JobAttribution.DALL_E_2)), 2, gpu);
        reject(claimedJob(first, JobKind.EDIT, 2, 1024,
                new JobAttribution(Optional.empty(), Optional.of("alice"), JobAttribution.DALL_E_2)), 2, gpu);
        finish(claimedJob(second, JobKind.GENERATION, 1, 256,
                new JobAttribution(Optional.of(secondKey.key().keyId()), Optional.empty(), JobAttribution.DALL_E_2)), 1, gpu);
        String grouped = "/v1/organization/usage/images?start_time=" + today() + "&limit=1"
                + "&group_by=project_id&group_by=size&group_by=source&group_by=api_key_id&group_by=user_id";

        JsonNode results = await().atMost(Duration.ofSeconds(30)).until(
                () -> todaysResults(api.get(grouped, stack.adminApiKey()).body()),
                found -> sum(found, "num_model_requests", "project_id", first) == 3
                        && sum(found, "num_model_requests", "project_id", second) == 1);

        assertThat(results).allSatisfy(result ->
                assertThat(result.get("object").asText()).isEqualTo("organization.usage.images.result"));
        assertThat(sum(results, "images", "project_id", first)).isEqualTo(5);
        assertThat(sum(results, "images", "api_key_id", keyId)).isEqualTo(5);
        assertThat(sum(results, "images", "user_id", "alice")).isEqualTo(3);
        assertThat(sum(results, "images_refused", "user_id", "alice")).isEqualTo(2);
        assertThat(sum(results, "images", "user_id", "bob")).isEqualTo(2);
        JsonNode firstOnly = todaysResults(api.get("/v1/usage/images?start_time=" + today() + "&limit=1"
                + "&group_by=size,source", firstKey.secret()).body());
        assertThat(sum(firstOnly, "images", "size", "256x256")).isEqualTo(3);
        assertThat(sum(firstOnly, "images", "source", "image.variation")).isEqualTo(2);
        assertThat(sum(firstOnly, "num_model_requests", "source", "image.edit")).isEqualTo(1);
        assertThat(sum(firstOnly, "credits_refunded", "source", "image.edit")).isEqualTo(1);
        JsonNode secondOnly = todaysResults(api.get("/v1/usage/images?start_time=" + today() + "&limit=1&group_by=project_id",
                secondKey.secret()).body());
        assertThat(secondOnly).singleElement().satisfies(result -> {
            assertThat(result.get("project_id").asText()).isEqualTo(second);
            assertThat(result.get("images").asLong()).isEqualTo(1);
        });
    }

    @Test
    void anAccountsCostsComeInOpenAisShapePerLineItem() {
        String accountId = account();
        ApiKeyStore.CreatedKey key = key(accountId);
        finish(claimedJob(accountId, JobKind.GENERATION, 2, 1024,
                new JobAttribution(Optional.of(key.key().keyId()), Optional.empty(), JobAttribution.DALL_E_2)), 2,
                new JobCost("atelier-shapes-64", 20, "CUDA", 3600, 4000));
        String costs = "/v1/usage/costs?start_time=" + today() + "&limit=1&group_by=line_item";

        JsonNode page = await().atMost(Duration.ofSeconds(30)).until(() -> api.get(costs, key.secret()).body(),
                found -> found.at("/data/0/results").size() == 7);

        assertThat(page.get("object").asText()).isEqualTo("page");
        assertThat(page.get("has_more").asBoolean()).isFalse();
        assertThat(page.at("/data/0/object").asText()).isEqualTo("bucket");
        assertThat(page.at("/data/0/results")).allSatisfy(result -> {
            assertThat(result.get("object").asText()).isEqualTo("organization.costs.result");
            assertThat(result.at("/amount/currency").asText()).isEqualTo("usd");
            assertThat(result.at("/amount/value").decimalValue()).isPositive();
        });
    }

    @Test
    void onlyAdminsReadTheOrganisationAndBadParametersAreRefusedWithTheirParameter() {
        assertThat(api.get("/v1/organization/usage/images?start_time=0", stack.demoApiKey()).status()).isEqualTo(403);
        assertThat(api.get("/v1/organization/costs?start_time=0", stack.demoApiKey()).status()).isEqualTo(403);
        assertRefused("/v1/organization/usage/images", "start_time");
        assertRefused("/v1/organization/usage/images?start_time=0&bucket_width=1w", "bucket_width");
        assertRefused("/v1/organization/usage/images?start_time=0&bucket_width=1m&limit=1441", "limit");
        assertRefused("/v1/organization/usage/images?start_time=0&page=Zm9yZ2Vk", "page");
        assertRefused("/v1/organization/costs?start_time=0&limit=181", "limit");
    }

    private void assertRefused(String path, String param) {
        Api.Answer answer = api.get(path, stack.adminApiKey());
        assertThat(answer.status()).as(path).isEqualTo(400);
        assertThat(answer.body().at("/error/param").asText()).as(path).isEqualTo(param);
        assertThat(answer.body().at("/error/type").asText()).as(path).isEqualTo("invalid_request_error");
    }
}
