package com.atelier.infra;

import static com.atelier.infra.FunctionAccess.Access.ACCOUNTS_DESCRIBE;
import static com.atelier.infra.FunctionAccess.Access.ACCOUNTS_READ_WRITE;
import static com.atelier.infra.FunctionAccess.Access.API_KEYS_READ;
import static com.atelier.infra.FunctionAccess.Access.API_KEYS_READ_WRITE;
import static com.atelier.infra.FunctionAccess.Access.BUCKET_LIST;
import static com.atelier.infra.FunctionAccess.Access.EVENTS_PUT;
import static com.atelier.infra.FunctionAccess.Access.GRANT_APPLICATIONS_READ_WRITE;
import static com.atelier.infra.FunctionAccess.Access.JOBS_QUEUE_SEND;
import static com.atelier.infra.FunctionAccess.Access.JOBS_QUEUE_URL;
import static com.atelier.infra.FunctionAccess.Access.JOBS_READ_WRITE;
import static com.atelier.infra.FunctionAccess.Access.LEDGER_READ_WRITE;
import static com.atelier.infra.FunctionAccess.Access.LEDGER_WRITE;
import static com.atelier.infra.FunctionAccess.Access.RATE_LIMITS_READ_WRITE;
import static com.atelier.infra.FunctionAccess.Access.RESULTS_READ;
import static com.atelier.infra.FunctionAccess.Access.REVIEWS_READ_WRITE;
import static com.atelier.infra.FunctionAccess.Access.UPLOADS_READ_WRITE;
import static com.atelier.infra.FunctionAccess.Access.USAGE_COUNTERS_READ;
import static com.atelier.infra.FunctionAccess.Access.USAGE_COUNTERS_WRITE;
import static com.atelier.infra.FunctionAccess.Access.WEBHOOK_QUEUE_SEND;
import static com.atelier.infra.FunctionAccess.Access.WEBHOOK_DELIVERIES_READ_WRITE;
import static com.atelier.infra.FunctionAccess.Access.WEBHOOK_ENDPOINTS_READ_WRITE;
import static com.atelier.infra.FunctionAccess.Access.WEBHOOK_ENDPOINTS_READ;

import com.atelier.api.ApiFunction;
import com.atelier.api.FunctionDefinition;
import com.atelier.resources.AtelierResources;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sqs.Queue;

/**
 * What each function's code reaches, as one table, {@link #USES}: its requests or records, and its
 * SnapStart priming, which reads only through the adapters its own composition root wired (a
 * call denied there would fail the snapshot, so the deployment). A function's role gets that and
 * nothing else. Stream and queue event sources grant their own reads (CDK adds them
 * with the event source), so they are not listed here.
 */
final class FunctionAccess {

    /** One thing a function may do, granted with the fewest IAM actions that do it. */
    enum Access {
        API_KEYS_READ, API_KEYS_READ_WRITE,
        ACCOUNTS_DESCRIBE, ACCOUNTS_READ_WRITE,
        LEDGER_WRITE, LEDGER_READ_WRITE,
        JOBS_READ_WRITE,
        RATE_LIMITS_READ_WRITE,
        REVIEWS_READ_WRITE,
        GRANT_APPLICATIONS_READ_WRITE,
        JOBS_QUEUE_URL, JOBS_QUEUE_SEND,
        WEBHOOK_ENDPOINTS_READ, WEBHOOK_ENDPOINTS_READ_WRITE, WEBHOOK_DELIVERIES_READ_WRITE, WEBHOOK_QUEUE_SEND,
        BUCKET_LIST, RESULTS_READ, UPLOADS_READ_WRITE,
        EVENTS_PUT,
        USAGE_COUNTERS_READ, USAGE_COUNTERS_WRITE
    }

    /** Fails a dead-lettered job and refunds it once. */
    static final FunctionDefinition DEAD_LETTERS = AtelierStack.DEAD_LETTER_FUNCTION;
    /** Puts job and ledger changes on the bus. */
    static final FunctionDefinition CHANGE_EVENTS = AtelierStack.CHANGE_EVENTS_FUNCTION;
    /** Settles or refunds a job's credits and records flagged images when the job ends. */
    static final FunctionDefinition JOB_OUTCOMES = AtelierStack.JOB_OUTCOMES_FUNCTION;
    /** Counts each finished job into the usage counters. */
    static final FunctionDefinition USAGE_COUNTING = AtelierStack.USAGE_COUNTING_FUNCTION;
    /** Queues a delivery per event and endpoint. */
    static final FunctionDefinition WEBHOOK_FAN_OUT = AtelierStack.WEBHOOK_FAN_OUT_FUNCTION;
    /** Makes each webhook attempt. */
    static final FunctionDefinition WEBHOOK_DISPATCHER = AtelierStack.WEBHOOK_DISPATCHER_FUNCTION;
    /** Sends stalled paid jobs again and cancels unpaid ones, on a schedule. */
    static final FunctionDefinition STALLED_JOBS = AtelierStack.STALLED_JOBS_FUNCTION;

    /**
     * What each function's requests (or records) reach. Every authenticated API function reads API
     * keys and may open an account with its free-credit ledger entry on a first OIDC sign-in, so
     * accounts and ledger are read-write for all of them.
     */
    static final Map<FunctionDefinition, Set<Access>> USES = table(
            row(ApiFunction.HEALTH, ACCOUNTS_DESCRIBE, JOBS_QUEUE_URL, BUCKET_LIST),
            // Answers its description from its own code: no AWS resource at all.
            row(ApiFunction.API_DESCRIPTION),
            row(ApiFunction.ACCOUNTS, API_KEYS_READ_WRITE, ACCOUNTS_READ_WRITE, LEDGER_READ_WRITE),
            row(ApiFunction.CREDITS, API_KEYS_READ, ACCOUNTS_READ_WRITE, LEDGER_READ_WRITE),
            // Signed by the payment provider, not an API key: purchases only.
            row(ApiFunction.BILLING_WEBHOOK, ACCOUNTS_READ_WRITE, LEDGER_READ_WRITE),
            row(ApiFunction.GRANT_APPLICATIONS, API_KEYS_READ, ACCOUNTS_READ_WRITE, LEDGER_READ_WRITE,
                    GRANT_APPLICATIONS_READ_WRITE),
            row(ApiFunction.MODERATION, API_KEYS_READ, ACCOUNTS_READ_WRITE, LEDGER_READ_WRITE, REVIEWS_READ_WRITE),
            // Presigned result URLs are signed with the function's own rights; uploads are read back for
            // the face check and, for the Images API's multipart bodies, written.
            row(ApiFunction.IMAGES, API_KEYS_READ, ACCOUNTS_READ_WRITE, LEDGER_READ_WRITE, JOBS_READ_WRITE,
                    RATE_LIMITS_READ_WRITE, REVIEWS_READ_WRITE, JOBS_QUEUE_SEND, RESULTS_READ, UPLOADS_READ_WRITE),
            row(ApiFunction.JOBS, API_KEYS_READ, ACCOUNTS_READ_WRITE, LEDGER_READ_WRITE, JOBS_READ_WRITE,
                    RATE_LIMITS_READ_WRITE, REVIEWS_READ_WRITE, JOBS_QUEUE_SEND, RESULTS_READ, UPLOADS_READ_WRITE),
            // Test events and manual retries queue an attempt.
            row(ApiFunction.WEBHOOKS, API_KEYS_READ, ACCOUNTS_READ_WRITE, LEDGER_READ_WRITE, WEBHOOK_ENDPOINTS_READ_WRITE,
                    WEBHOOK_DELIVERIES_READ_WRITE, WEBHOOK_QUEUE_SEND),
            // Reads the counters of the buckets asked for (BatchGetItem).
            row(ApiFunction.USAGE, API_KEYS_READ, ACCOUNTS_READ_WRITE, LEDGER_READ_WRITE, USAGE_COUNTERS_READ),
            row(DEAD_LETTERS, JOBS_READ_WRITE, ACCOUNTS_READ_WRITE, LEDGER_READ_WRITE),
            // Reads the jobs stream (granted by its event source); counts with conditional UpdateItems only.
            row(USAGE_COUNTING, USAGE_COUNTERS_WRITE),
            // Reads the streams (granted by its event sources), lists the account's endpoints, logs and queues deliveries.
            row(WEBHOOK_FAN_OUT, WEBHOOK_ENDPOINTS_READ, WEBHOOK_DELIVERIES_READ_WRITE, WEBHOOK_QUEUE_SEND),
            // Records failures and disables endpoints; queues the next attempt and the disabled event's deliveries.
            row(WEBHOOK_DISPATCHER, WEBHOOK_ENDPOINTS_READ_WRITE, WEBHOOK_DELIVERIES_READ_WRITE, WEBHOOK_QUEUE_SEND),
            // Reads the jobs and ledger streams (granted by its event sources) and writes nothing but events.
            row(CHANGE_EVENTS, EVENTS_PUT),
            // Reads the jobs stream (granted by its event source).
            row(JOB_OUTCOMES, JOBS_READ_WRITE, ACCOUNTS_READ_WRITE, LEDGER_WRITE, REVIEWS_READ_WRITE),
            // Reads queued jobs by status, the account's open debits; refunds a job it cannot send.
            row(STALLED_JOBS, JOBS_READ_WRITE, ACCOUNTS_READ_WRITE, LEDGER_WRITE, JOBS_QUEUE_SEND));

    private final AtelierResources resources;
    private final Map<String, Table> tables;
    private final Queue jobsQueue;
    private final Queue webhookDeliveriesQueue;
    private final Bucket images;
    private final IEventBus events;

    FunctionAccess(AtelierResources resources, Map<String, Table> tables, Queue jobsQueue, Queue webhookDeliveriesQueue,
                   Bucket images, IEventBus events) {
        this.resources = resources;
        this.tables = tables;
        this.jobsQueue = jobsQueue;
        this.webhookDeliveriesQueue = webhookDeliveriesQueue;
        this.images = images;
        this.events = events;
    }

    /** Grants the function's alias what {@link #USES} lists for it. */
    void grant(FunctionDefinition function, Alias alias) {
        if (!USES.containsKey(function)) {
            throw new IllegalArgumentException(function.shortName() + " has no row in FunctionAccess.USES");
        }
        USES.get(function).forEach(each -> grant(each, alias));
    }

    private void grant(Access access, IGrantable grantee) {
        switch (access) {
            case API_KEYS_READ -> table(resources.apiKeys().name()).grantReadData(grantee);
            case API_KEYS_READ_WRITE -> table(resources.apiKeys().name()).grantReadWriteData(grantee);
            case ACCOUNTS_DESCRIBE -> table(resources.accounts().name()).grant(grantee, "dynamodb:DescribeTable");
            case ACCOUNTS_READ_WRITE -> table(resources.accounts().name()).grantReadWriteData(grantee);
            case LEDGER_WRITE -> table(resources.ledger().name()).grantWriteData(grantee);
            case LEDGER_READ_WRITE -> table(resources.ledger().name()).grantReadWriteData(grantee);
            case JOBS_READ_WRITE -> table(resources.jobs().name()).grantReadWriteData(grantee);
            case RATE_LIMITS_READ_WRITE -> table(resources.rateLimits().name()).grantReadWriteData(grantee);
            case REVIEWS_READ_WRITE -> table(resources.reviews().name()).grantReadWriteData(grantee);
            case GRANT_APPLICATIONS_READ_WRITE -> table(resources.grantApplications().name()).grantReadWriteData(grantee);
            case JOBS_QUEUE_URL -> jobsQueue.grant(grantee, "sqs:GetQueueUrl");
            case JOBS_QUEUE_SEND -> jobsQueue.grantSendMessages(grantee);
            case WEBHOOK_ENDPOINTS_READ -> table(resources.webhookEndpoints().name()).grantReadData(grantee);
            case WEBHOOK_ENDPOINTS_READ_WRITE -> table(resources.webhookEndpoints().name()).grantReadWriteData(grantee);
            case WEBHOOK_DELIVERIES_READ_WRITE -> table(resources.webhookDeliveries().name()).grantReadWriteData(grantee);
            case WEBHOOK_QUEUE_SEND -> webhookDeliveriesQueue.grantSendMessages(grantee);
            case BUCKET_LIST -> grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("s3:ListBucket"))
                    .resources(List.of(images.getBucketArn()))
                    .build());
            case RESULTS_READ -> images.grantRead(grantee, resources.images().resultsPrefix() + "*");
            case UPLOADS_READ_WRITE -> images.grantReadWrite(grantee, resources.images().uploadsPrefix() + "*");
            case EVENTS_PUT -> events.grantPutEventsTo(grantee);
            case USAGE_COUNTERS_READ -> table(resources.usageCounters().name()).grant(grantee, "dynamodb:BatchGetItem");
            case USAGE_COUNTERS_WRITE -> table(resources.usageCounters().name()).grant(grantee, "dynamodb:UpdateItem");
        }
    }

    private Table table(String name) {
        return tables.get(name);
    }

    private record Row(FunctionDefinition function, Set<Access> access) {
    }

    private static Row row(FunctionDefinition function, Access... access) {
        EnumSet<Access> uses = EnumSet.noneOf(Access.class);
        uses.addAll(Arrays.asList(access));
        return new Row(function, uses);
    }

    private static Map<FunctionDefinition, Set<Access>> table(Row... rows) {
        Map<FunctionDefinition, Set<Access>> table = new LinkedHashMap<>();
        for (Row row : rows) {
            if (table.put(row.function(), Set.copyOf(row.access())) != null) {
                throw new IllegalStateException(row.function().shortName() + " has two rows");
            }
        }
        return Collections.unmodifiableMap(table);
    }
}
