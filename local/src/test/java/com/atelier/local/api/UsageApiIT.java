package com.atelier.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.jobs.JobAttribution;
import com.atelier.accounts.Role;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.jobs.JobCost;
import com.atelier.jobs.JobIds;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobOutcomes;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobSpec;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /v1/admin/usage: finished jobs' cost per account and per day, from the job records. */
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

    private JobRecord claimedJob(String accountId, int images) {
        String jobId = JobIds.forIdempotencyKey(accountId, UUID.randomUUID().toString());
        wiring.jobAdmission().admit(wiring.creditAccounts().find(accountId).orElseThrow(), jobId, JobKind.GENERATION, images, "hash-" + jobId,
                JobSpec.generation("a red circle", 256, 1), JobAttribution.accountOnly(JobAttribution.DALL_E_2));
        return wiring.jobs().claim(jobId, Instant.now()).orElseThrow();
    }

    /** What the worker writes, then what the job's change brings to its credits. */
    private void finish(JobRecord job, List<String> keys, int flagged, JobCost cost) {
        wiring.jobOutcomes().changed(wiring.jobs().complete(job.jobId(), job.attempt(), keys, flagged, cost,
                Instant.now()).orElseThrow());
    }

    private void reject(JobRecord job, int flagged, JobCost cost) {
        wiring.jobOutcomes().changed(wiring.jobs().reject(job.jobId(), job.attempt(), JobOutcomes.ALL_IMAGES_FLAGGED,
                flagged, cost, Instant.now()).orElseThrow());
    }

    @Test
    void finishedJobsAddUpPerAccountWithSpentAndRefundedCreditsAndGpuTime() {
        String first = account();
        String second = account();
        JobRecord made = claimedJob(first, 3);
        finish(made, List.of("results/a/0.png", "results/a/1.png", "results/a/2.png"), 0,
                new JobCost("atelier-shapes-64", 20, "CUDA", 2500, 3000));
        JobRecord flagged = claimedJob(first, 2);
        reject(flagged, 2, new JobCost("atelier-shapes-64", 20, "CUDA", 1500, 1800));
        JobRecord onCpu = claimedJob(second, 1);
        finish(onCpu, List.of("results/b/0.png"), 0, new JobCost("atelier-shapes-64", 20, "CPU", 400, 500));
        claimedJob(second, 4);

        Api.Answer answer = api.get("/v1/admin/usage?from=" + Instant.now().minus(1, ChronoUnit.HOURS)
                + "&to=" + Instant.now().plus(1, ChronoUnit.MINUTES) + "&groupBy=account", stack.adminApiKey());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("group_by").asText()).isEqualTo("account");
        JsonNode firstRow = row(answer.body(), "account_id", first);
        assertThat(firstRow.get("jobs").asInt()).isEqualTo(2);
        assertThat(firstRow.get("images_made").asInt()).isEqualTo(3);
        assertThat(firstRow.get("images_flagged").asInt()).isEqualTo(2);
        // A request costs one credit, whatever its n.
        assertThat(firstRow.get("credits_spent").asInt()).isEqualTo(1);
        assertThat(firstRow.get("credits_refunded").asInt()).isEqualTo(1);
        assertThat(firstRow.get("gpu_seconds").asDouble()).isEqualTo(4.0);
        JsonNode secondRow = row(answer.body(), "account_id", second);
        assertThat(secondRow.get("jobs").asInt()).as("the running job is not finished").isEqualTo(1);
        assertThat(secondRow.get("gpu_seconds").asDouble()).isZero();
        assertThat(secondRow.get("device_seconds").asDouble()).isEqualTo(0.4);
        assertThat(answer.body().get("total").get("credits_spent").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void byDayTodayHoldsWhatFinishedToday() {
        JobRecord made = claimedJob(account(), 2);
        finish(made, List.of("results/c/0.png", "results/c/1.png"), 0,
                new JobCost("atelier-shapes-64", 20, "CPU", 100, 200));
        String today = Instant.now().truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);

        Api.Answer answer = api.get("/v1/admin/usage?from=" + today + "&groupBy=day", stack.adminApiKey());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(row(answer.body(), "day", today).get("images_made").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void onlyAdminsMayReadItAndBadPeriodsAreRefusedWithTheirParameter() {
        assertThat(api.get("/v1/admin/usage?from=2026-11-01", stack.demoApiKey()).status()).isEqualTo(403);
        assertRefused("/v1/admin/usage", "from");
        assertRefused("/v1/admin/usage?from=yesterday", "from");
        assertRefused("/v1/admin/usage?from=2026-11-02&to=2026-11-01", "to");
        assertRefused("/v1/admin/usage?from=2026-01-01&to=2026-11-01", "to");
        assertRefused("/v1/admin/usage?from=2026-11-01&groupBy=week", "groupBy");
    }

    private void assertRefused(String path, String param) {
        Api.Answer answer = api.get(path, stack.adminApiKey());
        assertThat(answer.status()).as(path).isEqualTo(400);
        assertThat(answer.body().at("/error/param").asText()).as(path).isEqualTo(param);
    }

    private static JsonNode row(JsonNode usage, String keyField, String key) {
        return StreamSupport.stream(usage.get("data").spliterator(), false)
                .filter(row -> row.get(keyField).asText().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + key + " in " + usage));
    }
}
