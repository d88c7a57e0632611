package com.atelier.functions.wiring;

import com.atelier.aws.webhooks.DynamoDbWebhookDeliveries;
import com.atelier.aws.webhooks.DynamoDbWebhookEndpoints;
import com.atelier.aws.webhooks.SqsDeliveryQueue;
import com.atelier.webhooks.DeliveryQueue;
import com.atelier.webhooks.WebhookDeliveries;
import com.atelier.webhooks.WebhookEndpoints;
import com.atelier.accounts.ApiKeyRepository;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.Ledger;
import com.atelier.aws.AwsClients;
import com.atelier.aws.SnapStartPrimed;
import com.atelier.aws.accounts.DynamoDbApiKeyRepository;
import com.atelier.aws.credits.DynamoDbCreditAccounts;
import com.atelier.aws.credits.DynamoDbLedger;
import com.atelier.aws.grants.DynamoDbGrantApplicationRepository;
import com.atelier.aws.images.S3ImageBlobs;
import com.atelier.aws.jobs.DynamoDbJobRepository;
import com.atelier.aws.jobs.SqsJobDispatch;
import com.atelier.aws.ratelimit.DynamoDbRequestCounters;
import com.atelier.aws.usage.DynamoDbUsageCounters;
import com.atelier.aws.review.DynamoDbReviewLog;
import com.atelier.config.AtelierConfig;
import com.atelier.grants.GrantApplicationRepository;
import com.atelier.images.ImageBlobs;
import com.atelier.jobs.JobDispatch;
import com.atelier.jobs.JobRepository;
import com.atelier.logging.JsonLog;
import com.atelier.ratelimit.RequestCounters;
import com.atelier.usage.UsageCounters;
import com.atelier.resources.AtelierResources;
import com.atelier.review.ReviewLog;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Core's ports on DynamoDB, SQS and S3, over one process's clients, for the stage the configuration names. */
public final class AwsAdapters implements Adapters {

    private final AwsClients clients;
    private final AtelierResources resources;
    private final String imagesBucket;
    private final List<SnapStartPrimed> built = new CopyOnWriteArrayList<>();

    public AwsAdapters(AtelierConfig config, AwsClients clients) {
        this.clients = clients;
        this.resources = AtelierResources.of(config);
        this.imagesBucket = config.imagesBucketName();
    }

    @Override
    public CreditAccounts creditAccounts() {
        return primedLater(new DynamoDbCreditAccounts(clients.dynamoDb(), clients.dynamoDbEnhanced(), resources.accounts().name()));
    }

    @Override
    public Ledger ledger() {
        return primedLater(new DynamoDbLedger(clients.dynamoDbEnhanced(), resources.ledger().name()));
    }

    @Override
    public ApiKeyRepository apiKeys() {
        return primedLater(new DynamoDbApiKeyRepository(clients.dynamoDb(), clients.dynamoDbEnhanced(), resources.apiKeys().name()));
    }

    @Override
    public JobRepository jobs() {
        return primedLater(new DynamoDbJobRepository(clients.dynamoDb(), clients.dynamoDbEnhanced(), resources.jobs().name()));
    }

    @Override
    public JobDispatch jobDispatch() {
        return primedLater(new SqsJobDispatch(clients.sqs(), resources.jobsQueue().name()));
    }

    @Override
    public ImageBlobs images() {
        return new S3ImageBlobs(clients.s3(), clients.s3Presigner(), imagesBucket);
    }

    @Override
    public ReviewLog reviews() {
        return primedLater(new DynamoDbReviewLog(clients.dynamoDb(), clients.dynamoDbEnhanced(), resources.reviews().name()));
    }

    @Override
    public GrantApplicationRepository grantApplications() {
        return primedLater(new DynamoDbGrantApplicationRepository(clients.dynamoDb(), clients.dynamoDbEnhanced(),
                resources.grantApplications().name()));
    }

    @Override
    public RequestCounters requestCounters() {
        // Not primed: its only call is a write, and the function's first request makes it anyway.
        return new DynamoDbRequestCounters(clients.dynamoDb(), resources.rateLimits().name());
    }

    @Override
    public UsageCounters usageCounters() {
        // Not primed: the counting function's first call is a write, and the usage routes' first read has nothing to prepare.
        return new DynamoDbUsageCounters(clients.dynamoDb(), resources.usageCounters().name());
    }

    @Override
    public WebhookEndpoints webhookEndpoints() {
        return primedLater(new DynamoDbWebhookEndpoints(clients.dynamoDb(), clients.dynamoDbEnhanced(),
                resources.webhookEndpoints().name()));
    }

    @Override
    public WebhookDeliveries webhookDeliveries() {
        return primedLater(new DynamoDbWebhookDeliveries(clients.dynamoDb(), clients.dynamoDbEnhanced(),
                resources.webhookDeliveries().name()));
    }

    @Override
    public DeliveryQueue webhookDeliveryQueue() {
        return primedLater(new SqsDeliveryQueue(clients.sqs(), resources.webhookDeliveriesQueue().name()));
    }

    @Override
    public void prime() {
        for (SnapStartPrimed adapter : built) {
            try {
                adapter.prime();
            } catch (RuntimeException e) {
                // A snapshot without this adapter's classes loaded is slower to its first answer, not broken.
                JsonLog.warn("priming_failed", JsonLog.fields().put("adapter", adapter.getClass().getSimpleName())
                        .put("error", e.getClass().getName()).put("message", e.getMessage()));
            }
        }
    }

    private <T extends SnapStartPrimed> T primedLater(T adapter) {
        built.add(adapter);
        return adapter;
    }
}
