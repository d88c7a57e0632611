package com.atelier.resources;

import com.atelier.config.AtelierConfig;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static com.atelier.resources.KeyAttribute.string;

/**
 * Every table, queue and bucket Atelier uses, named for one stage. The local stack creates them from
 * here and the CDK app deploys them from here, so the two cannot drift apart.
 */
public record AtelierResources(
        TableDefinition accounts,
        TableDefinition apiKeys,
        TableDefinition jobs,
        TableDefinition ledger,
        TableDefinition idempotency,
        TableDefinition rateLimits,
        TableDefinition reviews,
        TableDefinition grantApplications,
        TableDefinition webhookEndpoints,
        TableDefinition webhookDeliveries,
        TableDefinition usageCounters,
        QueueDefinition jobsQueue,
        QueueDefinition jobsDeadLetterQueue,
        QueueDefinition webhookDeliveriesQueue,
        QueueDefinition webhookDeliveriesDeadLetterQueue,
        BucketDefinition images) {

    /**
     * A job message is received at most this many times before it moves to the dead-letter queue,
     * where the refund function settles it: enough for transient GPU or network failures (AWS advises
     * at least 5), few enough that a poisoned job is refunded within minutes.
     */
    public static final int JOBS_MAX_RECEIVE_COUNT = 5;

    /**
     * Every job is written under its status key about five times (queued, running, and its end, each
     * a move out of one key and into another) and every progress update rewrites its index entry:
     * sixteen shards keep the busiest key, RUNNING, near a tenth of DynamoDB's 1,000 WCU per partition
     * key at the peak in docs/capacity.md, and cost the reconciler sixteen small queries a minute.
     */
    public static final StatusShards JOB_STATUS_SHARDS = new StatusShards(16);

    /**
     * Reviews open on blocked prompts and flagged outputs, at most one per request: four shards take
     * 4,000 WCU, over ten times the peak request rate, for four queries per admin page.
     */
    public static final StatusShards REVIEW_STATUS_SHARDS = new StatusShards(4);

    /** Applications come from people, a few a day; four shards so that no status key is ever a single one. */
    public static final StatusShards GRANT_APPLICATION_STATUS_SHARDS = new StatusShards(4);

    /** The status indexes' partition key: {@link StatusShards#keyOf}, written with the status in the same write. */
    public static final String STATUS_SHARD_ATTRIBUTE = "statusShard";
    public static final String STATUS_INDEX = "byStatusShard";

    /**
     * A delivery message that makes the dispatcher fail (not the receiver: its failures are logged
     * attempts) this many times is set aside for an operator; the receiver's retries are not counted.
     */
    public static final int WEBHOOK_DELIVERIES_MAX_RECEIVE_COUNT = 5;

    public static AtelierResources of(AtelierConfig config) {
        String prefix = config.resourcePrefix();
        String deadLetterQueueName = prefix + "jobs-dlq";
        String webhookDeadLetterQueueName = prefix + "webhook-deliveries-dlq";
        return new AtelierResources(
                new TableDefinition(prefix + "accounts", string("accountId"), Optional.empty(),
                        List.of(new GlobalIndex("byOidcSubject", string("oidcSubject"), Optional.empty())),
                        Optional.empty(),
                        "One item per account: roles, status, credit lots and open debits, changed by single"
                                + " conditional writes."),
                new TableDefinition(prefix + "api-keys", string("keyHash"), Optional.empty(),
                        List.of(GlobalIndex.of("byAccount", string("accountId"), string("createdAt"))),
                        Optional.empty(),
                        "API keys stored only as hashes, with a display prefix; listed per account."),
                new TableDefinition(prefix + "jobs", string("jobId"), Optional.empty(),
                        List.of(GlobalIndex.of("byAccount", string("accountId"), string("createdAt")),
                                GlobalIndex.of(STATUS_INDEX, string(STATUS_SHARD_ATTRIBUTE), string("updatedAt"))),
                        Optional.empty(),
                        "Generation, edit and variation jobs; listed per account newest first, and by status"
                                + " (sharded) for the reconciler and the usage report."),
                new TableDefinition(prefix + "ledger", string("accountId"), Optional.of(string("entryId")),
                        List.of(GlobalIndex.of("byTime", string("accountId"), string("timeKey"))),
                        Optional.empty(),
                        "Append-only credit history per account, keyed by what happened ({type}#{reference}) so"
                                + " that a replayed write overwrites itself; listed newest first through byTime."),
                new TableDefinition(prefix + "idempotency", string("idempotencyKey"), Optional.empty(),
                        List.of(), Optional.of("expiresAt"),
                        "Idempotency-Key records: the request hash and the first answer."),
                new TableDefinition(prefix + "rate-limits", string("windowKey"), Optional.empty(),
                        List.of(), Optional.of("expiresAt"),
                        "Per-account request counters, one item per account and minute."),
                new TableDefinition(prefix + "reviews", string("reviewId"), Optional.empty(),
                        List.of(GlobalIndex.of(STATUS_INDEX, string(STATUS_SHARD_ATTRIBUTE), string("createdAt")),
                                GlobalIndex.of("byAccount", string("accountId"), string("createdAt"))),
                        Optional.empty(),
                        "Flagged requests and users awaiting human review; listed by status (sharded)."),
                new TableDefinition(prefix + "grant-applications", string("applicationId"), Optional.empty(),
                        List.of(GlobalIndex.of(STATUS_INDEX, string(STATUS_SHARD_ATTRIBUTE), string("createdAt")),
                                GlobalIndex.of("byAccount", string("accountId"), string("createdAt"))),
                        Optional.empty(),
                        "Artists' applications for subsidized credits, and the admins' decisions; listed by status"
                                + " (sharded)."),
                new TableDefinition(prefix + "webhook-endpoints", string("endpointId"), Optional.empty(),
                        List.of(GlobalIndex.of("byAccount", string("accountId"), string("createdAt"))),
                        Optional.empty(),
                        "Each account's webhook receivers: URL, event types, signing secrets, enabled or why not."),
                new TableDefinition(prefix + "webhook-deliveries", string("deliveryId"), Optional.empty(),
                        List.of(GlobalIndex.of("byEndpoint", string("endpointId"), string("createdAt"))),
                        Optional.empty(),
                        "One item per event and endpoint (its webhook-id), every attempt appended: the delivery log."),
                new TableDefinition(prefix + "usage-counters", string("counterKey"), Optional.empty(),
                        List.of(), Optional.empty(),
                        "Pre-aggregated usage: one item per scope (account or organisation), bucket width, bucket and"
                                + " shard, holding each cell's figures and the ids of the events it counted."),
                new QueueDefinition(prefix + "jobs",
                        // The worker extends visibility while a job runs; this is the grace after a crash.
                        Duration.ofMinutes(2), Duration.ofDays(4), Duration.ofSeconds(20),
                        Optional.of(new QueueDefinition.DeadLetterTarget(deadLetterQueueName, JOBS_MAX_RECEIVE_COUNT)),
                        "Accepted jobs waiting for a GPU worker; the message is the job id."),
                new QueueDefinition(deadLetterQueueName,
                        // Six times the refund function's 30 s timeout, as AWS advises for Lambda consumers.
                        Duration.ofMinutes(3), Duration.ofDays(14), Duration.ZERO,
                        Optional.empty(),
                        "Jobs that failed maxReceiveCount times; the refund function fails and refunds them."),
                new QueueDefinition(prefix + "webhook-deliveries",
                        // Six times the dispatcher's 60 s timeout, as AWS advises for Lambda consumers.
                        Duration.ofMinutes(6), Duration.ofDays(4), Duration.ofSeconds(20),
                        Optional.of(new QueueDefinition.DeadLetterTarget(webhookDeadLetterQueueName,
                                WEBHOOK_DELIVERIES_MAX_RECEIVE_COUNT)),
                        "Webhook attempts waiting for the dispatcher, each held back by its retry delay."),
                new QueueDefinition(webhookDeadLetterQueueName,
                        Duration.ofMinutes(1), Duration.ofDays(14), Duration.ZERO,
                        Optional.empty(),
                        "Delivery messages the dispatcher failed on; for an operator to redrive."),
                new BucketDefinition(config.imagesBucketName(), "results/", "uploads/", List.of("GET", "PUT")));
    }

    public List<TableDefinition> tables() {
        return List.of(accounts, apiKeys, jobs, ledger, idempotency, rateLimits, reviews, grantApplications,
                webhookEndpoints, webhookDeliveries, usageCounters);
    }

    /** Dead-letter queues first, so a source queue's redrive target exists when it is created. */
    public List<QueueDefinition> queues() {
        return List.of(jobsDeadLetterQueue, jobsQueue, webhookDeliveriesDeadLetterQueue, webhookDeliveriesQueue);
    }

    public List<BucketDefinition> buckets() {
        return List.of(images);
    }
}
