package com.atelier.aws;

import com.atelier.health.HealthReport;
import com.atelier.health.ServiceHealth;
import com.atelier.resources.AtelierResources;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Asks DynamoDB, SQS and S3 whether Atelier's own resources are there, each with one read-only call
 * on a resource the functions already may read, in parallel and under a short time limit so that a
 * hanging service makes the check answer "down" instead of hanging with it.
 */
public final class BackingServicesCheck {

    private static final AwsRequestOverrideConfiguration WITHIN_TIME_LIMIT = AwsRequestOverrideConfiguration.builder()
            .apiCallTimeout(Duration.ofSeconds(2))
            .build();

    private final AwsClients clients;
    private final AtelierResources resources;
    private final ExecutorService executor = Executors.newFixedThreadPool(3, runnable -> {
        Thread thread = new Thread(runnable, "backing-services-check");
        thread.setDaemon(true);
        return thread;
    });

    public BackingServicesCheck(AwsClients clients, AtelierResources resources) {
        this.clients = clients;
        this.resources = resources;
    }

    public HealthReport check() {
        List<CompletableFuture<ServiceHealth>> probes = List.of(
                probe("dynamodb", () -> clients.dynamoDb().describeTable(request -> request
                        .tableName(resources.accounts().name())
                        .overrideConfiguration(WITHIN_TIME_LIMIT))),
                probe("sqs", () -> clients.sqs().getQueueUrl(request -> request
                        .queueName(resources.jobsQueue().name())
                        .overrideConfiguration(WITHIN_TIME_LIMIT))),
                probe("s3", () -> clients.s3().headBucket(request -> request
                        .bucket(resources.images().name())
                        .overrideConfiguration(WITHIN_TIME_LIMIT))));
        return new HealthReport(probes.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<ServiceHealth> probe(String service, Runnable call) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                call.run();
                return ServiceHealth.up(service, elapsedMillis(start));
            } catch (SdkException e) {
                return ServiceHealth.down(service, elapsedMillis(start), firstLine(e.getMessage()));
            }
        }, executor);
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreachable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
