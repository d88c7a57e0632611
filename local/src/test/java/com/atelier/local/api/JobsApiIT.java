package com.atelier.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.jobs.JobAttribution;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.jobs.JobIds;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobSpec;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.local.testing.MovableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The jobs API on a stack without a worker, so that jobs stay queued: listing newest first across
 * pages, cancelling with a refund, and nobody else's jobs.
 */
@ExtendWith(LocalStackExtension.class)
class JobsApiIT {

    private static final String DEMO_ACCOUNT = "acct_local_demo";

    private Api api;
    private LocalStack stack;
    private Wiring wiring;
    private MovableClock clock;

    @BeforeEach
    void connect(LocalStack localStack) {
        stack = localStack;
        api = new Api(stack.gatewayUrl());
        clock = new MovableClock(Instant.now());
        wiring = new Wiring(AtelierConfig.fromEnvironment(), new AwsAdapters(AtelierConfig.fromEnvironment(), stack.clients()), clock);
    }

    private String queueJob(int images) {
        String jobId = JobIds.forIdempotencyKey(DEMO_ACCOUNT, UUID.randomUUID().toString());
        wiring.jobAdmission().admit(wiring.creditAccounts().find(DEMO_ACCOUNT).orElseThrow(), jobId, JobKind.GENERATION, images, "hash-" + jobId,
                JobSpec.generation("a cyan star", 256, 1), JobAttribution.accountOnly(JobAttribution.DALL_E_2));
        return jobId;
    }

    private int balance() {
        return api.get("/v1/credits", stack.demoApiKey()).body().get("total").asInt();
    }

    @Test
    void aQueuedJobIsCancelledOnceAndRefunded() {
        String jobId = queueJob(8);
        int before = balance();

        Api.Answer cancelled = api.delete("/v1/jobs/" + jobId, stack.demoApiKey());
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asText()).isEqualTo("cancelled");
        assertThat(balance()).isEqualTo(before + 2);

        Api.Answer again = api.delete("/v1/jobs/" + jobId, stack.demoApiKey());
        assertThat(again.status()).isEqualTo(409);
        assertThat(balance()).isEqualTo(before + 2);
        assertThat(api.get("/v1/jobs/" + jobId, stack.demoApiKey()).body().get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void anotherAccountNeitherSeesNorCancelsAJob() {
        String jobId = queueJob(1);
        assertThat(api.get("/v1/jobs/" + jobId, stack.adminApiKey()).status()).isEqualTo(404);
        assertThat(api.delete("/v1/jobs/" + jobId, stack.adminApiKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/jobs/" + jobId, stack.demoApiKey()).body().get("status").asText()).isEqualTo("queued");
        JsonNode adminJobs = api.get("/v1/jobs?limit=100", stack.adminApiKey()).body().get("data");
        adminJobs.forEach(job -> assertThat(job.get("id").asText()).isNotEqualTo(jobId));
    }

    @Test
    void theListPagesThroughEveryJobNewestFirst() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(queueJob(1));
            clock.set(clock.instant().plusMillis(10));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            Api.Answer page = api.get("/v1/jobs?limit=2" + (after == null ? "" : "&after=" + after), stack.demoApiKey());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("data").size()).isLessThanOrEqualTo(2);
            page.body().get("data").forEach(job -> seen.add(job.get("id").asText()));
            after = page.body().get("has_more").asBoolean() ? page.body().get("next_cursor").asText() : null;
        } while (after != null);
        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen).containsAll(mine);
        List<String> newestFirst = new ArrayList<>(mine);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen.subList(0, 5)).containsExactlyElementsOf(newestFirst);

        Api.Answer forged = api.get("/v1/jobs?after=bm90LWEtY3Vyc29y", stack.demoApiKey());
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.body().at("/error/param").asText()).isEqualTo("after");
        assertThat(api.get("/v1/jobs?limit=0", stack.demoApiKey()).body().at("/error/param").asText()).isEqualTo("limit");
        Set<String> statuses = new HashSet<>();
        api.get("/v1/jobs?limit=5", stack.demoApiKey()).body().get("data").forEach(job -> statuses.add(job.get("status").asText()));
        assertThat(statuses).contains("queued");
    }

    private static byte[] squarePng(int side) throws java.io.IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** Asks for an upload of {@code declaredBytes}, PUTs {@code png} to its URL; answers the upload id and the PUT's status. */
    private java.util.Map.Entry<String, Integer> upload(int declaredBytes, byte[] png) throws Exception {
        Api.Answer upload = api.post("/v1/uploads", stack.demoApiKey(), java.util.Map.of("bytes", declaredBytes));
        assertThat(upload.status()).isEqualTo(201);
        java.net.http.HttpResponse<String> put = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(upload.body().get("url").asText()))
                        .header("Content-Type", "image/png")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return java.util.Map.entry(upload.body().get("id").asText(), put.statusCode());
    }

    @Test
    void aJobSubmittedWithAPresignedUploadIsQueuedAtOnceAndOthersCannotUseTheUpload() throws Exception {
        byte[] png = squarePng(64);
        java.util.Map.Entry<String, Integer> upload = upload(png.length, png);
        assertThat(upload.getValue()).isEqualTo(200);
        String uploadId = upload.getKey();
        int before = balance();

        Api.Answer job = api.post("/v1/jobs", stack.demoApiKey(), java.util.Map.of("kind", "variation",
                "image_upload_id", uploadId, "n", 3, "size", "256x256"));
        assertThat(job.status()).isEqualTo(202);
        assertThat(job.body().get("status").asText()).isEqualTo("queued");
        assertThat(job.body().get("kind").asText()).isEqualTo("variation");
        assertThat(balance()).isEqualTo(before - 1);

        Api.Answer foreign = api.post("/v1/jobs", stack.adminApiKey(), java.util.Map.of("kind", "variation",
                "image_upload_id", uploadId));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body().at("/error/param").asText()).isEqualTo("image_upload_id");
        Api.Answer badKind = api.post("/v1/jobs", stack.demoApiKey(), java.util.Map.of("kind", "sculpture", "prompt", "x"));
        assertThat(badKind.body().at("/error/param").asText()).isEqualTo("kind");
        Api.Answer generation = api.post("/v1/jobs", stack.demoApiKey(), java.util.Map.of("kind", "generation",
                "prompt", "a green cross", "n", 2, "size", "512x512"));
        assertThat(generation.status()).isEqualTo(202);
        assertThat(generation.body().get("size").asText()).isEqualTo("512x512");
        assertThat(balance()).isEqualTo(before - 2);
    }

    @Test
    void aPresignedPutIsSignedForTheDeclaredSizeAndRefusesAnyOther() throws Exception {
        byte[] png = squarePng(64);

        assertThat(upload(png.length, java.util.Arrays.copyOf(png, png.length + 1)).getValue()).isEqualTo(403);
        assertThat(upload(png.length, java.util.Arrays.copyOf(png, png.length - 1)).getValue()).isEqualTo(403);
        assertThat(upload(1024, new byte[12 * 1024 * 1024]).getValue()).isEqualTo(403);
        assertThat(api.post("/v1/uploads", stack.demoApiKey(), java.util.Map.of("bytes", 12 * 1024 * 1024)).status())
                .isEqualTo(400);
    }

    @Test
    void hostilePngsPutThroughPresignedUrlsAreRefusedAtJobCreationWithNothingCharged() throws Exception {
        byte[] good = com.atelier.testkit.HostilePngs.transparentSquare(64);
        List<byte[]> hostile = List.of(
                com.atelier.testkit.HostilePngs.withByteChanged(good, good.length - 20, 1),
                com.atelier.testkit.HostilePngs.declaring(16384, 16384, 32 * 1024),
                com.atelier.testkit.HostilePngs.declaring(32769, 32769, 32 * 1024));
        for (byte[] png : hostile) {
            java.util.Map.Entry<String, Integer> upload = upload(png.length, png);
            assertThat(upload.getValue()).isEqualTo(200);
            int before = balance();
            long started = System.nanoTime();

            Api.Answer job = api.post("/v1/jobs", stack.demoApiKey(), java.util.Map.of("kind", "variation",
                    "image_upload_id", upload.getKey()));

            assertThat(job.status()).isEqualTo(400);
            assertThat(job.body().at("/error/param").asText()).isEqualTo("image_upload_id");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(3));
            assertThat(balance()).isEqualTo(before);
        }
    }

    @Test
    void anOversizeObjectUnderAnUploadKeyIsRefusedAtJobCreationWithNothingCharged() {
        String uploadId = "upl_" + UUID.randomUUID().toString().replace("-", "");
        stack.clients().s3().putObject(put -> put.bucket(stack.resources().images().name())
                        .key(com.atelier.images.ImageKeys.upload(DEMO_ACCOUNT, uploadId)).contentType("image/png"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[12 * 1024 * 1024]));
        int before = balance();

        Api.Answer job = api.post("/v1/jobs", stack.demoApiKey(), java.util.Map.of("kind", "variation",
                "image_upload_id", uploadId));

        assertThat(job.status()).isEqualTo(400);
        assertThat(job.body().at("/error/param").asText()).isEqualTo("image_upload_id");
        assertThat(balance()).isEqualTo(before);
    }
}
