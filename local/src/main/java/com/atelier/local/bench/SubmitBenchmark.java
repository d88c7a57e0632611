package com.atelier.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Role;
import com.atelier.api.ApiFunction;
import com.atelier.billing.PackPurchase;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.images.JobsHandler;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.LocalStackException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ./atelier bench-submit}: {@code POST /v1/jobs} through the local gateway (HTTP, the Lambda
 * handler, authentication, rate limit, moderation, the job record, the debit, the queue) beside the
 * bare DynamoDB and SQS calls that request makes, replayed on items of the same shape, in the same
 * run against the same servers. Latency one request at a time, then throughput at {@code --clients}
 * concurrent clients. No worker runs, so every job stays queued and nothing but the submit is measured.
 *
 * <p>An account's open debits live on its item until its jobs settle, so each account takes at most
 * {@value #SUBMITS_PER_ACCOUNT} submits (all accounts are opened and funded before the clock starts).
 */
@Command(name = "bench-submit", mixinStandardHelpOptions = true,
        description = {"Benchmark POST /v1/jobs through the local API gateway against the bare DynamoDB and SQS"
                + " calls it makes (replayed on same-shaped items), in the same run: sequential latency (p50, p99)"
                + " and throughput at concurrent clients."})
public final class SubmitBenchmark implements Callable<Integer> {

    @Option(names = "--requests", defaultValue = "600",
            description = "Measured requests per target in the latency phase (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "200",
            description = "Untimed requests per target before each phase (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--clients", defaultValue = "16",
            description = "Concurrent clients of the throughput phase (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--throughput-requests", defaultValue = "1600",
            description = "Measured requests per target in the throughput phase (default: ${DEFAULT-VALUE}).")
    int throughputRequests;

    static final int SUBMITS_PER_ACCOUNT = 50;
    private static final int CALL_COUNT_SUBMITS = 20;
    private static final String BODY = "{\"kind\":\"generation\",\"prompt\":\"a red circle left of a blue square\","
            + "\"n\":1,\"size\":\"256x256\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        if (requests < 2 || throughputRequests < 2 || clients < 1 || warmup < 0) {
            System.err.println("bench-submit: --requests and --throughput-requests at least 2, --clients at least 1");
            return 2;
        }
        // The handlers run in this process and log every request to standard output, as on Lambda; the
        // report keeps the real one and the logs go nowhere.
        PrintStream report = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        // The limiter still takes its UpdateItem on every request; the bound only must not refuse any.
        System.setProperty("ATELIER_IMAGE_REQUESTS_PER_MINUTE", "100000000");
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(0, Optional.empty(), AtelierHome.locate(), false));
        } catch (LocalStackException e) {
            System.err.println("bench-submit: " + e.getMessage());
            return 1;
        }
        try (stack) {
            return run(stack, report);
        } finally {
            System.setOut(report);
        }
    }

    private int run(LocalStack stack, PrintStream out) throws Exception {
        AtelierConfig config = AtelierConfig.fromEnvironment();
        Wiring wiring = new Wiring(config, new AwsAdapters(config, stack.clients()), Clock.systemUTC());
        Accounts accounts = new Accounts(wiring);
        Gateway gateway = new Gateway(stack.gatewayUrl(), accounts);
        Baseline baseline = Baseline.shapedLike(stack, gateway);

        out.printf("bench-submit: POST /v1/jobs (n=1, 256x256) through %s; %d CPUs%n", stack.gatewayUrl(),
                Runtime.getRuntime().availableProcessors());
        out.println("  baseline = the request's own calls, on items of the same shape: GetItem api key,"
                + " GetItem account (consistent), UpdateItem rate-limit window, PutItem job (if absent),"
                + " UpdateItem account (conditional), SQS SendMessage");
        out.println();
        gateway.prepare(CALL_COUNT_SUBMITS);
        AwsCallCounter.Counts perSubmit = AwsCallCounter.count(CALL_COUNT_SUBMITS,
                Optional.of(config.resourcePrefix() + ApiFunction.JOBS.shortName()), gateway::submit);
        AwsCallCounter.Counts perBaseline = AwsCallCounter.count(CALL_COUNT_SUBMITS, Optional.empty(), baseline::execute);
        out.printf(Locale.ROOT, "calls per submit: %s (baseline: %s), over %d submits%n", perSubmit, perBaseline,
                CALL_COUNT_SUBMITS);
        out.println();

        Phase sequential = Phase.compare(baseline, gateway, 1, warmup, requests);
        Phase concurrent = Phase.compare(baseline, gateway, clients, warmup, throughputRequests);
        // The same submit without HTTP and the gateway: the handler called in this JVM with the event the
        // gateway would build, to split the submit's cost over the bare calls between the two.
        Phase handlerOnly = Phase.compare(baseline, new InProcessHandler(wiring, accounts), 1, warmup, requests);

        out.printf("%-22s %-9s %6s %8s %8s %8s %9s %7s%n", "phase", "target", "ops", "p50 ms", "p99 ms",
                "mean ms", "ops/s", "failed");
        for (Phase phase : List.of(sequential, concurrent, handlerOnly)) {
            String name = phase == handlerOnly ? "sequential, no HTTP" : phase.clients == 1 ? "sequential"
                    : phase.clients + " concurrent clients";
            for (Result result : List.of(phase.baseline, phase.target)) {
                out.printf(Locale.ROOT, "%-22s %-9s %6d %8.2f %8.2f %8.2f %9.0f %7d%n", name, result.name,
                        result.completed(), result.percentileMillis(0.50), result.percentileMillis(0.99),
                        result.meanMillis(), result.throughput(), result.failed);
            }
        }
        out.println();
        out.printf(Locale.ROOT, "submit/baseline p50=%.2fx p99=%.2fx (sequential); throughput=%.2fx at %d clients"
                        + " (submit %.0f/s, baseline %.0f/s)%n",
                sequential.target.percentileMillis(0.50) / sequential.baseline.percentileMillis(0.50),
                sequential.target.percentileMillis(0.99) / sequential.baseline.percentileMillis(0.99),
                concurrent.target.throughput() / concurrent.baseline.throughput(), clients,
                concurrent.target.throughput(), concurrent.baseline.throughput());
        out.printf(Locale.ROOT, "handler in this JVM/baseline p50=%.2fx (sequential): the rest of the submit's p50 is HTTP and"
                        + " the gateway%n",
                handlerOnly.target.percentileMillis(0.50) / handlerOnly.baseline.percentileMillis(0.50));
        long failed = sequential.failed() + concurrent.failed() + handlerOnly.failed();
        if (failed > 0) {
            out.println("WARNING: " + failed + " operations failed; first: " + Phase.FIRST_FAILURE.get());
            return 1;
        }
        return 0;
    }

    /** Something measured one operation at a time; prepared (untimed) for the operations to come. */
    private interface Target {
        String name();

        void prepare(int operations);

        void execute();
    }

    /** Funded accounts with API keys, each handed out for at most {@value #SUBMITS_PER_ACCOUNT} submits. */
    private static final class Accounts {
        private final Wiring wiring;
        private final List<String> keys = new ArrayList<>();
        private final AtomicInteger taken = new AtomicInteger();

        Accounts(Wiring wiring) {
            this.wiring = wiring;
        }

        /** Opens enough accounts that the next {@code submits} submits never share an account's 50. */
        synchronized void prepare(int submits) {
            int needed = taken.get() + submits;
            while (keys.size() * SUBMITS_PER_ACCOUNT < needed) {
                String accountId = "acct_bench_submit_" + keys.size();
                wiring.credits().openAccount(accountId, Set.of(Role.USER), Optional.empty());
                wiring.credits().purchase(new PackPurchase("pi-" + accountId, accountId, 1));
                keys.add(wiring.apiKeys().create(accountId, "bench-submit", wiring.clock().instant()).secret());
            }
        }

        String nextKey() {
            return keys.get(taken.getAndIncrement() / SUBMITS_PER_ACCOUNT);
        }
    }

    /** {@code POST /v1/jobs} handed to the jobs function in this JVM, as the gateway would hand it; answered 202. */
    private static final class InProcessHandler implements Target {
        private final JobsHandler handler;
        private final Accounts accounts;
        private final AtomicInteger requestIds = new AtomicInteger();

        InProcessHandler(Wiring wiring, Accounts accounts) {
            this.handler = new JobsHandler(JobsHandler.Services.wire(wiring));
            this.accounts = accounts;
        }

        @Override
        public String name() {
            return "handler";
        }

        @Override
        public void prepare(int operations) {
            accounts.prepare(operations);
        }

        @Override
        public void execute() {
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withRouteKey("POST /v1/jobs")
                    .withRawPath("/v1/jobs")
                    .withHeaders(Map.of("authorization", "Bearer " + accounts.nextKey(), "content-type", "application/json"))
                    .withBody(BODY)
                    .withIsBase64Encoded(false)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withRequestId("bench-" + requestIds.incrementAndGet())
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                    .withMethod("POST").withPath("/v1/jobs").build())
                            .build())
                    .build();
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            if (response.getStatusCode() != 202) {
                throw new IllegalStateException("the jobs handler answered " + response.getStatusCode() + ": " + response.getBody());
            }
        }
    }

    /** {@code POST /v1/jobs} over HTTP, as a client sees it; answered 202 with a queued job. */
    private static final class Gateway implements Target {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final URI jobs;
        private final Accounts accounts;

        Gateway(URI gatewayUrl, Accounts accounts) {
            this.jobs = gatewayUrl.resolve("/v1/jobs");
            this.accounts = accounts;
        }

        @Override
        public String name() {
            return "submit";
        }

        @Override
        public void prepare(int operations) {
            accounts.prepare(operations);
        }

        @Override
        public void execute() {
            submit();
        }

        String submit() {
            HttpRequest request = HttpRequest.newBuilder(jobs)
                    .header("Authorization", "Bearer " + accounts.nextKey())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 202) {
                    throw new IllegalStateException("POST /v1/jobs answered " + response.statusCode() + ": " + response.body());
                }
                return JSON.readTree(response.body()).path("id").asText();
            } catch (IOException e) {
                throw new IllegalStateException("POST /v1/jobs failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * The bare calls of a submit, each on an item shaped like the one the real request touches (copied
     * from a real submit's items), with the same consistency and the same kind of condition.
     */
    private static final class Baseline implements Target {
        private static final AttributeValue ONE = AttributeValue.fromN("1");

        private final DynamoDbClient dynamoDb;
        private final SqsClient sqs;
        private final String queueUrl;
        private final Tables tables;
        private final Map<String, AttributeValue> apiKeyKey;
        private final Map<String, AttributeValue> accountKey;
        private final Map<String, AttributeValue> jobTemplate;

        private record Tables(String apiKeys, String accounts, String rateLimits, String jobs) {
        }

        private Baseline(DynamoDbClient dynamoDb, SqsClient sqs, String queueUrl, Tables tables,
                         Map<String, AttributeValue> apiKeyKey, Map<String, AttributeValue> accountKey,
                         Map<String, AttributeValue> jobTemplate) {
            this.dynamoDb = dynamoDb;
            this.sqs = sqs;
            this.queueUrl = queueUrl;
            this.tables = tables;
            this.apiKeyKey = apiKeyKey;
            this.accountKey = accountKey;
            this.jobTemplate = jobTemplate;
        }

        /** Makes one real submit and copies the shapes of the items it wrote. */
        static Baseline shapedLike(LocalStack stack, Gateway gateway) {
            gateway.prepare(1);
            String jobId = gateway.submit();
            DynamoDbClient dynamoDb = stack.clients().dynamoDb();
            var resources = stack.resources();
            Tables tables = new Tables(resources.apiKeys().name(), resources.accounts().name(),
                    resources.rateLimits().name(), resources.jobs().name());
            Map<String, AttributeValue> job = dynamoDb.getItem(request -> request.tableName(tables.jobs())
                    .key(Map.of("jobId", AttributeValue.fromS(jobId))).consistentRead(true)).item();
            String accountId = job.get("accountId").s();
            Map<String, AttributeValue> apiKey = dynamoDb.scan(request -> request.tableName(tables.apiKeys())
                    .filterExpression("accountId = :account")
                    .expressionAttributeValues(Map.of(":account", AttributeValue.fromS(accountId)))).items().get(0);
            String queueUrl = stack.clients().sqs().getQueueUrl(request -> request.queueName(resources.jobsQueue().name())).queueUrl();
            // The account item a submit reads carries its open debits; this one carries the first one.
            Map<String, AttributeValue> account = new HashMap<>(dynamoDb.getItem(request -> request
                    .tableName(tables.accounts()).key(Map.of("accountId", AttributeValue.fromS(accountId)))
                    .consistentRead(true)).item());
            String baselineAccount = "acct_bench_submit_baseline";
            account.put("accountId", AttributeValue.fromS(baselineAccount));
            dynamoDb.putItem(request -> request.tableName(tables.accounts()).item(account));
            dynamoDb.putItem(request -> request.tableName(tables.accounts()).item(Map.of(
                    "accountId", AttributeValue.fromS(baselineAccount + "#counter"),
                    "n", AttributeValue.fromN("1000000000000"))));
            return new Baseline(dynamoDb, stack.clients().sqs(), queueUrl, tables,
                    Map.of("keyHash", apiKey.get("keyHash")), Map.of("accountId", AttributeValue.fromS(baselineAccount)),
                    job);
        }

        @Override
        public String name() {
            return "baseline";
        }

        @Override
        public void prepare(int operations) {
        }

        @Override
        public void execute() {
            String jobId = "job_" + UUID.randomUUID().toString().replace("-", "");
            String accountId = accountKey.get("accountId").s();
            dynamoDb.getItem(request -> request.tableName(tables.apiKeys()).key(apiKeyKey));
            dynamoDb.getItem(request -> request.tableName(tables.accounts()).key(accountKey).consistentRead(true));
            long minute = System.currentTimeMillis() / 60_000;
            dynamoDb.updateItem(request -> request.tableName(tables.rateLimits())
                    .key(Map.of("windowKey", AttributeValue.fromS(accountId + "#" + minute)))
                    .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                    .updateExpression("ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)")
                    .expressionAttributeNames(Map.of("#count", "requests"))
                    .expressionAttributeValues(Map.of(":limit", AttributeValue.fromN("100000000"), ":one", ONE,
                            ":expires", AttributeValue.fromN(Long.toString((minute + 2) * 60)))));
            Map<String, AttributeValue> job = new HashMap<>(jobTemplate);
            job.put("jobId", AttributeValue.fromS(jobId));
            job.put("status", AttributeValue.fromS("QUEUED"));
            dynamoDb.putItem(request -> request.tableName(tables.jobs()).item(job)
                    .conditionExpression("attribute_not_exists(jobId)"));
            dynamoDb.updateItem(request -> request.tableName(tables.accounts())
                    .key(Map.of("accountId", AttributeValue.fromS(accountId + "#counter")))
                    .updateExpression("SET #n = #n - :one")
                    .conditionExpression("#n >= :one")
                    .expressionAttributeNames(Map.of("#n", "n"))
                    .expressionAttributeValues(Map.of(":one", ONE)));
            sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody("{\"jobId\":\"" + jobId + "\"}"));
        }
    }

    /** Per-operation latencies (nanoseconds) and the wall time of one measured run. */
    private static final class Result {
        final String name;
        final long[] latencies;
        final long wallNanos;
        final long failed;

        Result(String name, long[] latencies, long wallNanos, long failed) {
            this.name = name;
            this.latencies = Arrays.stream(latencies).filter(nanos -> nanos >= 0).sorted().toArray();
            this.wallNanos = wallNanos;
            this.failed = failed;
        }

        static Result merge(Result a, Result b) {
            long[] all = Arrays.copyOf(a.latencies, a.latencies.length + b.latencies.length);
            System.arraycopy(b.latencies, 0, all, a.latencies.length, b.latencies.length);
            return new Result(a.name, all, a.wallNanos + b.wallNanos, a.failed + b.failed);
        }

        int completed() {
            return latencies.length;
        }

        /** Nearest-rank percentile. */
        double percentileMillis(double q) {
            int rank = (int) Math.ceil(q * latencies.length);
            return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
        }

        double meanMillis() {
            return Arrays.stream(latencies).average().orElse(Double.NaN) / 1e6;
        }

        double throughput() {
            return completed() / (wallNanos / 1e9);
        }
    }

    private record Phase(int clients, Result baseline, Result target) {
        static final AtomicReference<Throwable> FIRST_FAILURE = new AtomicReference<>();

        long failed() {
            return baseline.failed + target.failed;
        }

        /** Warm-up, then baseline, target, target, baseline (half the operations each), so drift weighs on both alike. */
        static Phase compare(Target baseline, Target target, int clients, int warmup, int operations) throws Exception {
            System.err.println("bench-submit: " + clients + (clients == 1 ? " client" : " clients") + "…");
            run(baseline, clients, warmup);
            run(target, clients, warmup);
            int first = operations / 2;
            Result b1 = run(baseline, clients, first);
            Result t1 = run(target, clients, first);
            Result t2 = run(target, clients, operations - first);
            Result b2 = run(baseline, clients, operations - first);
            return new Phase(clients, Result.merge(b1, b2), Result.merge(t1, t2));
        }

        private static Result run(Target target, int clients, int operations) throws Exception {
            target.prepare(operations);
            long[] latencies = new long[operations];
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                long start = System.nanoTime();
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    running.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                            long began = System.nanoTime();
                            try {
                                target.execute();
                                latencies[i] = System.nanoTime() - began;
                            } catch (RuntimeException e) {
                                latencies[i] = -1;
                                failed.incrementAndGet();
                                FIRST_FAILURE.compareAndSet(null, e);
                            }
                        }
                    }));
                }
                for (Future<?> client : running) {
                    client.get();
                }
                return new Result(target.name(), latencies, System.nanoTime() - start, failed.get());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
