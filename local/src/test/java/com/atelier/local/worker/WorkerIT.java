package com.atelier.local.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atelier.jobs.JobAttribution;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.CreditService;
import com.atelier.aws.credits.DynamoDbCreditAccounts;
import com.atelier.aws.credits.DynamoDbLedger;
import com.atelier.aws.images.S3ImageBlobs;
import com.atelier.aws.jobs.DynamoDbJobRepository;
import com.atelier.aws.jobs.SqsJobDispatch;
import com.atelier.accounts.Role;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.jobs.DeadLetterHandler;
import com.atelier.images.ImageKeys;
import com.atelier.images.ImageBlobs;
import com.atelier.jobs.JobAdmission;
import com.atelier.jobs.JobIds;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobOutcomes;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobStatus;
import com.atelier.jobs.JobRepository;
import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.events.SqsEventSource;
import com.atelier.local.provision.ResourceProvisioner;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.resources.AtelierResources;
import com.atelier.worker.Worker;
import com.atelier.worker.WorkerConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The worker against the local stack's real servers, on a stage of its own (tables, queues, bucket),
 * so that no other test's jobs reach it and it takes no job of theirs.
 */
@ExtendWith(LocalStackExtension.class)
class WorkerIT {

    private static LocalStack stack;
    private static AtelierConfig config;
    private static AtelierResources resources;
    private static CreditService credits;
    private static CreditAccounts accounts;
    private static JobRepository jobs;
    private static JobAdmission admission;
    private static ImageBlobs images;
    private static String queueUrl;

    @BeforeAll
    static void stage(LocalStack localStack) {
        stack = localStack;
        config = AtelierConfig.from(Map.of("ATELIER_STAGE", "worker-it"));
        resources = AtelierResources.of(config);
        new ResourceProvisioner(stack.clients()).provision(resources);
        accounts = new DynamoDbCreditAccounts(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                resources.accounts().name());
        credits = new CreditService(accounts, new DynamoDbLedger(stack.clients().dynamoDbEnhanced(), resources.ledger().name()),
                Clock.systemUTC());
        jobs = new DynamoDbJobRepository(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(), resources.jobs().name());
        admission = new JobAdmission(jobs, credits, new SqsJobDispatch(stack.clients().sqs(), resources.jobsQueue().name()),
                Clock.systemUTC());
        images = new S3ImageBlobs(stack.clients().s3(), stack.clients().s3Presigner(), config.imagesBucketName());
        queueUrl = stack.clients().sqs().getQueueUrl(request -> request.queueName(resources.jobsQueue().name())).queueUrl();
    }

    private static Worker startWorker(Map<String, String> overrides) throws Exception {
        Map<String, String> variables = new HashMap<>(Map.of(
                "ATELIER_MODEL_DIR", AtelierHome.bundledModel(AtelierHome.locate()).toString(),
                "ATELIER_WORKER_POLL_SECONDS", "1",
                "ATELIER_WORKER_STEPS", "8",
                "ATELIER_WORKER_VISIBILITY_SECONDS", "10",
                "ATELIER_WORKER_RETRY_SECONDS", "0",
                "ATELIER_WORKER_SHUTDOWN_GRACE_SECONDS", "30"));
        variables.putAll(overrides);
        return Worker.start(stack.clients(), config, WorkerConfig.from(variables), Clock.systemUTC(), work -> { });
    }

    private static String newAccount() {
        String id = "acct-" + UUID.randomUUID();
        credits.openAccount(id, Set.of(Role.USER), Optional.empty());
        return id;
    }

    private static JobRecord admit(String account, JobKind kind, int count, JobSpec spec) {
        String jobId = JobIds.forIdempotencyKey(account, UUID.randomUUID().toString());
        return admission.admit(accounts.find(account).orElseThrow(), jobId, kind, count, "hash-" + jobId, spec, JobAttribution.accountOnly(JobAttribution.DALL_E_2)).job();
    }

    private static JobRecord awaitJob(String jobId, Predicate<JobRecord> condition, Duration limit) {
        return await("job " + jobId).atMost(limit).pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.find(jobId).orElseThrow(), condition);
    }

    private static BufferedImage fetch(String key) throws Exception {
        URI url = images.presignGet(key, Duration.ofHours(1)).toURI();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("image/png");
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    private static List<String> storedKeys(String jobId) {
        return stack.clients().s3().listObjectsV2(request -> request.bucket(config.imagesBucketName())
                .prefix("results/" + jobId + "/")).contents().stream().map(object -> object.key()).sorted().toList();
    }

    @Test
    void aQueuedJobEndsWithItsImagesOfTheAskedSizeBehindPresignedUrls() throws Exception {
        String account = newAccount();
        JobRecord job = admit(account, JobKind.GENERATION, 4,
                JobSpec.generation("a blue star at the top on a white background", 256, 21));
        try (Worker worker = startWorker(Map.of())) {
            JobRecord done = awaitJob(job.jobId(), JobRecord::isFinished, Duration.ofSeconds(60));
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.imageKeys()).hasSize(4);
            assertThat(done.completedSteps()).isEqualTo(done.totalSteps()).isEqualTo(8);
            assertThat(done.cost()).hasValueSatisfying(cost -> {
                assertThat(cost.model()).isEqualTo("atelier-shapes-64");
                assertThat(cost.steps()).isEqualTo(8);
                assertThat(cost.device()).isEqualTo("CPU");
                assertThat(cost.deviceMillis()).isPositive().isLessThanOrEqualTo(cost.workMillis());
            });
            for (String key : done.imageKeys()) {
                BufferedImage image = fetch(key);
                assertThat(image.getWidth()).isEqualTo(256);
                assertThat(image.getHeight()).isEqualTo(256);
            }
        }
        assertThat(credits.balance(account).total()).isEqualTo(49);
        assertThat(stack.clients().sqs().getQueueAttributes(request -> request.queueUrl(queueUrl)
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
    }

    @Test
    void aJobAdmittedStepByStepIsWorked() throws Exception {
        String account = newAccount();
        String jobId = JobIds.forIdempotencyKey(account, UUID.randomUUID().toString());
        // The admission's steps, one by one, as a reconciler's second dispatch would repeat the last.
        jobs.record(JobRecord.queued(jobId, account, JobKind.GENERATION, 1, 1, "hash", JobSpec.generation("a red star", 64, 3),
                JobAttribution.accountOnly(JobAttribution.DALL_E_2), Instant.now()));
        credits.charge(accounts.find(account).orElseThrow(), jobId, 1);
        new SqsJobDispatch(stack.clients().sqs(), resources.jobsQueue().name()).dispatch(jobId);
        try (Worker worker = startWorker(Map.of())) {
            JobRecord done = awaitJob(jobId, JobRecord::isFinished, Duration.ofSeconds(60));
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.imageKeys()).hasSize(1);
        }
        assertThat(credits.balance(account).total()).isEqualTo(49);
    }

    @Test
    void aJobWhoseWorkerDiedIsFinishedByAnotherWithoutDuplicateObjects() throws Exception {
        String account = newAccount();
        JobRecord job = admit(account, JobKind.GENERATION, 3, JobSpec.generation("a green circle on the left", 64, 5));
        // This test plays the worker that dies: it takes the message for 3 s, claims the job, stores a
        // first object and some progress, and is never heard of again.
        List<Message> taken = stack.clients().sqs().receiveMessage(request -> request.queueUrl(queueUrl)
                .visibilityTimeout(3).waitTimeSeconds(5).maxNumberOfMessages(1)).messages();
        assertThat(taken).hasSize(1);
        JobRecord claimed = jobs.claim(job.jobId(), Instant.now()).orElseThrow();
        assertThat(claimed.attempt()).isEqualTo(1);
        images.putPng(ImageKeys.result(job.jobId(), 0), tinyPng());
        jobs.recordProgress(job.jobId(), 1, 3, 8);

        try (Worker worker = startWorker(Map.of())) {
            JobRecord done = awaitJob(job.jobId(), JobRecord::isFinished, Duration.ofSeconds(60));
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.attempt()).isEqualTo(2);
            assertThat(storedKeys(job.jobId())).containsExactlyElementsOf(done.imageKeys())
                    .containsExactly(ImageKeys.result(job.jobId(), 0), ImageKeys.result(job.jobId(), 1),
                            ImageKeys.result(job.jobId(), 2));
            assertThat(fetch(ImageKeys.result(job.jobId(), 0)).getWidth()).isEqualTo(64);
        }
        // The dead worker's late word changes nothing.
        assertThat(jobs.recordProgress(job.jobId(), 1, 8, 8)).isFalse();
        assertThat(credits.balance(account).total()).isEqualTo(49);
    }

    @Test
    void aJobThatAlwaysFailsEndsInTheDeadLetterQueueFailedAndRefundedOnce() throws Exception {
        String account = newAccount();
        JobSpec broken = new JobSpec("a red square", Optional.empty(), 64, 1,
                Optional.of(ImageKeys.upload(account, "never-uploaded")), Optional.empty());
        JobRecord job = admit(account, JobKind.VARIATION, 3, broken);
        assertThat(credits.balance(account).total()).isEqualTo(49);
        DeadLetterHandler handler = new DeadLetterHandler(new JobOutcomes(jobs, credits, (accountId, jobId, flagged) -> { }, Clock.systemUTC()));
        try (Worker worker = startWorker(Map.of());
             SqsEventSource deadLetters = new SqsEventSource(stack.clients().sqs(), resources.jobsDeadLetterQueue().name(),
                     handler, "worker-it-dead-letters")) {
            JobRecord failed = awaitJob(job.jobId(), JobRecord::isFinished, Duration.ofSeconds(60));
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.statusReason()).contains(JobOutcomes.PROCESSING_FAILED);
            assertThat(failed.attempt()).isEqualTo(5);
            awaitBalance(account, 50);

            // The same dead letter again (a redelivery) refunds nothing more.
            String deadLetterUrl = stack.clients().sqs().getQueueUrl(request -> request
                    .queueName(resources.jobsDeadLetterQueue().name())).queueUrl();
            stack.clients().sqs().sendMessage(request -> request.queueUrl(deadLetterUrl)
                    .messageBody("{\"jobId\":\"" + job.jobId() + "\"}"));
            await("balance unchanged after a redelivered dead letter").during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(credits.balance(account).total()).isEqualTo(50));
        }
        assertThat(storedKeys(job.jobId())).isEmpty();
    }

    @Test
    void sigtermReleasesWhatCannotFinishInTheGraceAndAnotherWorkerFinishesIt() throws Exception {
        String account = newAccount();
        JobRecord job = admit(account, JobKind.GENERATION, 2, JobSpec.generation("a pink cross", 64, 9));
        Worker slow = startWorker(Map.of("ATELIER_WORKER_STEPS", "400", "ATELIER_WORKER_SHUTDOWN_GRACE_SECONDS", "0"));
        awaitJob(job.jobId(), running -> running.completedSteps() > 0, Duration.ofSeconds(30));
        Instant stopping = Instant.now();
        slow.close();
        assertThat(Duration.between(stopping, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(jobs.find(job.jobId()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

        try (Worker next = startWorker(Map.of())) {
            JobRecord done = awaitJob(job.jobId(), JobRecord::isFinished, Duration.ofSeconds(60));
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.attempt()).isEqualTo(2);
            assertThat(done.imageKeys()).hasSize(2);
        }
    }

    @Test
    void sigtermLetsARunningJobFinishWithinTheGrace() throws Exception {
        String account = newAccount();
        JobRecord job = admit(account, JobKind.GENERATION, 1, JobSpec.generation("a cyan triangle", 64, 13));
        Worker worker = startWorker(Map.of("ATELIER_WORKER_STEPS", "150"));
        awaitJob(job.jobId(), running -> running.completedSteps() > 0, Duration.ofSeconds(30));
        worker.close();
        JobRecord done = jobs.find(job.jobId()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.attempt()).isEqualTo(1);
    }

    private static void awaitBalance(String account, int expected) {
        await("balance of " + account).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> credits.balance(account).total() == expected);
    }

    private static byte[] tinyPng() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
