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
import com.atelier.jobs.JobAdmission;
import com.atelier.jobs.JobIds;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobStatus;
import com.atelier.jobs.JobRepository;
import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.provision.ResourceProvisioner;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.resources.AtelierResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker as the container runs it: {@code java -jar} on the packaged jar with its lib/ folder,
 * configured only by environment variables, answering SIGTERM by draining and exiting cleanly.
 */
@ExtendWith(LocalStackExtension.class)
class WorkerProcessIT {

    @Test
    void thePackagedWorkerDoesAJobAndStopsCleanlyOnSigterm(LocalStack stack, @TempDir Path scratch) throws Exception {
        Path home = AtelierHome.locate();
        Path jar = home.resolve("gpu-worker/target/atelier-gpu-worker-0.1.0-SNAPSHOT.jar");
        assertThat(jar).as("the packaged worker (mvn package builds it before these tests)").exists();
        assertThat(home.resolve("gpu-worker/target/lib")).isDirectory();

        AtelierConfig config = AtelierConfig.from(Map.of("ATELIER_STAGE", "worker-process-it"));
        AtelierResources resources = AtelierResources.of(config);
        new ResourceProvisioner(stack.clients()).provision(resources);
        CreditAccounts accounts = new DynamoDbCreditAccounts(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                resources.accounts().name());
        CreditService credits = new CreditService(accounts,
                new DynamoDbLedger(stack.clients().dynamoDbEnhanced(), resources.ledger().name()), Clock.systemUTC());
        JobRepository jobs = new DynamoDbJobRepository(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                resources.jobs().name());
        String account = "acct-" + UUID.randomUUID();
        credits.openAccount(account, Set.of(Role.USER), Optional.empty());
        String jobId = JobIds.forIdempotencyKey(account, "process-test");
        new JobAdmission(jobs, credits, new SqsJobDispatch(stack.clients().sqs(), resources.jobsQueue().name()), Clock.systemUTC())
                .admit(accounts.find(account).orElseThrow(), jobId, JobKind.GENERATION, 2, "hash", JobSpec.generation("a yellow star", 128, 3), JobAttribution.accountOnly(JobAttribution.DALL_E_2));

        Path log = scratch.resolve("worker.log");
        Path heartbeat = scratch.resolve("heartbeat");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("ATELIER_STAGE", "worker-process-it");
        environment.put("ATELIER_MODEL_DIR", AtelierHome.bundledModel(home).toString());
        environment.put("ATELIER_WORKER_STEPS", "8");
        environment.put("ATELIER_WORKER_POLL_SECONDS", "1");
        environment.put("ATELIER_WORKER_HEARTBEAT_FILE", heartbeat.toString());
        environment.putAll(stack.sdkEnvironment());
        Process worker = builder.start();
        try {
            JobRecord job = await("job " + jobId + " finished by the worker process").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("the worker process exited", () -> !worker.isAlive())
                    .until(() -> jobs.find(jobId).orElseThrow(), JobRecord::isFinished);
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.imageKeys()).hasSize(2);
            assertThat(heartbeat).exists();
        } finally {
            worker.destroy();
        }
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("the worker exits after SIGTERM").isTrue();
        String output = read(log);
        assertThat(output).contains("\"event\":\"worker_started\"").contains("\"event\":\"job_succeeded\"")
                .contains("\"event\":\"worker_stopped\"");
        assertThat(worker.exitValue()).as("exit status after SIGTERM; log:%n%s", output).isIn(0, 143);
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
