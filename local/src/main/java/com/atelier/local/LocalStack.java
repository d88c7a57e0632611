package com.atelier.local;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.atelier.credits.Draw;
import com.atelier.api.ApiRoutes;
import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.config.CorsSettings;
import com.atelier.functions.jobs.StalledJobsHandler;
import com.atelier.local.iam.CallingPrincipal;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.functions.jobs.DeadLetterHandler;
import com.atelier.functions.jobs.JobOutcomesHandler;
import com.atelier.functions.usage.UsageCountingHandler;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobStatus;
import com.atelier.jobs.StalledJobReconciler;
import com.atelier.local.events.JobChangeFeed;
import com.atelier.local.events.SqsEventSource;
import com.atelier.functions.webhooks.WebhookDispatchHandler;
import com.atelier.functions.webhooks.WebhookFanOutHandler;
import com.atelier.worker.Worker;
import com.atelier.worker.WorkerConfig;
import ai.onnxruntime.OrtException;
import com.atelier.local.gateway.HttpApiGateway;
import com.atelier.local.gateway.LambdaFunctions;
import com.atelier.local.provision.ResourceProvisioner;
import com.atelier.local.servers.BackingServer;
import com.atelier.local.servers.DynamoDbServer;
import com.atelier.local.servers.ListenAddress;
import com.atelier.local.servers.LocalCredentials;
import com.atelier.local.servers.OidcServer;
import com.atelier.local.servers.S3Server;
import com.atelier.local.servers.SqsServer;
import com.atelier.resources.AtelierResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import com.atelier.local.billing.TestModeCheckout;
import com.atelier.local.web.WebClientSite;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Atelier on one machine: DynamoDB (dynalite), SQS (ElasticMQ) and S3 (S3Proxy) on loopback, the
 * resources of core's definitions in them, and the API Gateway stand-in invoking the handlers.
 *
 * <p>It points this JVM's AWS SDK at its servers through the SDK's standard system properties
 * ({@code aws.endpointUrlDynamoDb}, {@code aws.region}, …), exactly as {@code AWS_ENDPOINT_URL_*}
 * variables would for another process; the handlers' process-wide clients are built from them. So
 * one JVM runs one stack in its lifetime.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static final AtomicBoolean STARTED_IN_THIS_JVM = new AtomicBoolean();
    /** More unfinished jobs than a local stack holds. */
    private static final int RESUMED_JOBS_LIMIT = 10_000;

    /**
     * @param gatewayPort the gateway's port; 0 for any free one
     * @param dataDir     where DynamoDB tables and S3 objects survive restarts; in memory when empty
     * @param worker      whether to run the GPU worker (on CPU, with the bundled model unless
     *                    ATELIER_MODEL_DIR names another)
     * @param deadLetters whether to run the dead-letter handler's event source: with the worker, or
     *                    for a worker that runs in a process of its own ({@code ./atelier worker})
     * @param address     where the gateway and S3 listen, and the address their URLs carry
     * @param s3Port      S3's port, so that presigned URLs outlive a restart; 0 for any free one
     */
    public record Options(int gatewayPort, Optional<Path> dataDir, Path home, boolean worker, boolean deadLetters,
                          ListenAddress address, int s3Port) {

        /** A stack on loopback whose dead letters are handled when it runs the worker. */
        public Options(int gatewayPort, Optional<Path> dataDir, Path home, boolean worker) {
            this(gatewayPort, dataDir, home, worker, worker, ListenAddress.LOOPBACK, 0);
        }
    }

    private final Deque<AutoCloseable> toClose;
    private final Map<String, URI> endpoints;
    private final AwsClients clients;
    private final AtelierResources resources;
    private final HttpApiGateway gateway;
    private final Map<String, LocalAccounts.Issued> accounts;
    private final Optional<URI> oidcIssuer;

    private LocalStack(Deque<AutoCloseable> toClose, Map<String, URI> endpoints, AwsClients clients, AtelierResources resources, HttpApiGateway gateway,
                       Map<String, LocalAccounts.Issued> accounts, Optional<URI> oidcIssuer) {
        this.toClose = toClose;
        this.endpoints = endpoints;
        this.clients = clients;
        this.resources = resources;
        this.gateway = gateway;
        this.accounts = accounts;
        this.oidcIssuer = oidcIssuer;
    }

    public static LocalStack start(Options options) {
        if (!STARTED_IN_THIS_JVM.compareAndSet(false, true)) {
            throw new IllegalStateException("a local stack was already started in this JVM; its SDK settings are process-wide");
        }
        long startNanos = System.nanoTime();
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            Optional<Path> dataDir = options.dataDir().map(dir -> dir.toAbsolutePath().normalize());
            AtelierConfig config = AtelierConfig.fromEnvironment();
            AtelierResources resources = AtelierResources.of(config);
            // The servers start in parallel: the slowest (ElasticMQ's actor system, or the OIDC server's
            // first class loading) sets the pace.
            CompletableFuture<Optional<OidcServer>> signIn = CompletableFuture.supplyAsync(LocalStack::startOidcUnlessConfigured);
            CompletableFuture<DynamoDbServer> dynamoDb = CompletableFuture.supplyAsync(() -> timed("DynamoDB (dynalite)", () ->
                    DynamoDbServer.start(AtelierHome.dynaliteDir(options.home()), dataDir.map(dir -> dir.resolve("dynamodb")))));
            CompletableFuture<SqsServer> sqs = CompletableFuture.supplyAsync(() -> timed("SQS (ElasticMQ)", SqsServer::start));
            CompletableFuture<S3Server> s3 = CompletableFuture.supplyAsync(() -> timed("S3 (S3Proxy)", () ->
                    S3Server.start(dataDir.map(dir -> dir.resolve("s3")), resources.images().corsMethods(),
                            options.address(), options.s3Port())));
            Map<String, URI> endpoints = new LinkedHashMap<>();
            RuntimeException failure = null;
            for (CompletableFuture<? extends BackingServer> server : List.of(dynamoDb, sqs, s3)) {
                try {
                    BackingServer running = server.join();
                    started.push(running);
                    endpoints.put(running.service(), running.endpoint());
                } catch (CompletionException e) {
                    // Wait for the others too, so that every server that did start is stopped below.
                    failure = failure != null ? failure
                            : e.getCause() instanceof RuntimeException runtime ? runtime : e;
                }
            }
            Optional<OidcServer> oidc = Optional.empty();
            try {
                oidc = signIn.join();
                oidc.ifPresent(started::push);
            } catch (CompletionException e) {
                failure = failure != null ? failure : e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
            if (failure != null) {
                throw failure;
            }
            long serversUpNanos = System.nanoTime();
            pointSdkAt(endpoints);
            AwsClients clients = AwsClients.fromSdkSettings();
            started.push(clients);
            new ResourceProvisioner(clients).provision(resources);
            // The stack's own wiring: what the local accounts, the schedule and the event sources run.
            Wiring wiring = new Wiring(config, new AwsAdapters(config, clients), Clock.systemUTC());
            Map<String, LocalAccounts.Issued> accounts = LocalAccounts.bootstrap(wiring);
            if (dataDir.isPresent()) {
                resumeAfterRestart(wiring);
            }
            started.push(scheduleReconciler(new StalledJobsHandler(wiring.stalledJobReconciler()),
                    config.resourcePrefix() + "stalled-jobs"));
            started.push(JobChangeFeed.start(resources.jobs().name(), config.resourcePrefix() + "job-outcomes",
                    new JobOutcomesHandler(wiring.jobOutcomes())));
            // As on AWS, a second mapping of the jobs table's stream counts finished jobs into the usage counters.
            started.push(JobChangeFeed.start(resources.jobs().name(), config.resourcePrefix() + "usage-counting",
                    new UsageCountingHandler(wiring.usageCounters())));
            startWebhooks(wiring, resources, config, clients).forEach(started::push);
            if (options.worker()) {
                // The worker's own clients, so that its calls are known to be its own on any of its threads.
                AwsClients workerClients = AwsClients.forPrincipal(config.resourcePrefix() + "gpu-worker", List.of());
                started.push(workerClients);
                started.push(timed("the worker (bundled model on CPU)", () -> startWorker(options.home(), config, workerClients)));
            }
            if (options.deadLetters()) {
                started.push(new SqsEventSource(clients.sqs(), resources.jobsDeadLetterQueue().name(),
                        new DeadLetterHandler(wiring.jobOutcomes()), config.resourcePrefix() + "dead-letters"));
            }
            LOG.info("servers up in {} ms, resources, accounts and event sources ready in {} ms",
                    (serversUpNanos - startNanos) / 1_000_000, (System.nanoTime() - serversUpNanos) / 1_000_000);
            HttpApiGateway gateway = timed("the API gateway", () -> HttpApiGateway.start(ApiRoutes.ALL,
                    new LambdaFunctions(config.resourcePrefix()), options.address(), options.gatewayPort(),
                    CorsSettings.fromEnvironment(), localRoutes(options.home(), endpoints, config, wiring)));
            started.push(gateway);
            return new LocalStack(started, endpoints, clients, resources, gateway, accounts, oidc.map(OidcServer::issuer));
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /**
     * What the local stage serves beside the API: the test-mode checkout (only where billing has a
     * secret to sign with) and the web client's files, when built.
     */
    private static HttpHandler localRoutes(Path home, Map<String, URI> endpoints, AtelierConfig config, Wiring wiring) {
        Path webClient = AtelierHome.webClient(home);
        if (!WebClientSite.isBuilt(webClient)) {
            LOG.warn("no web client at {}: ./atelier up builds it (npm ci and vite build in web/)", webClient);
        }
        List<URI> otherOrigins = new ArrayList<>();
        otherOrigins.add(endpoints.get("s3"));
        // Read again, not from the start's settings: the local OIDC server gives its own once it is up.
        AtelierConfig.fromEnvironment().oidc().ifPresent(oidc -> otherOrigins.add(URI.create(oidc.issuer())));
        PathHandler routes = Handlers.path(new WebClientSite(webClient, otherOrigins));
        config.billingWebhookSecret().ifPresent(secret -> routes.addExactPath(TestModeCheckout.PATH,
                new TestModeCheckout(wiring.authenticator(), secret, Clock.systemUTC())));
        return routes;
    }

    /**
     * What the stack's in-memory stand-ins lost when it stopped, given back from the kept tables, as
     * AWS would still hold it: the queue's messages (ElasticMQ keeps none) of the jobs a worker was
     * running and of the paid jobs that waited, and the stream's records (24 hours on AWS) of the jobs
     * that finished. A second message is harmless (a worker's claim holds once) and the job-outcomes
     * credit calls are idempotent. Queued jobs never paid are left to the reconciler, as after any crash.
     */
    private static void resumeAfterRestart(Wiring wiring) {
        Instant now = Instant.now();
        int redispatched = 0;
        // Read (and settle) each account's open debits once, however many of its jobs wait.
        Map<String, Map<String, List<Draw>>> openDebitsByAccount = new HashMap<>();
        for (JobStatus status : List.of(JobStatus.RUNNING, JobStatus.QUEUED)) {
            for (JobRecord job : wiring.jobs().inStatusSince(status, now, RESUMED_JOBS_LIMIT)) {
                if (status == JobStatus.RUNNING || openDebitsByAccount
                        .computeIfAbsent(job.accountId(), wiring.credits()::reconcile).containsKey(job.jobId())) {
                    wiring.jobDispatch().dispatch(job.jobId());
                    redispatched++;
                }
            }
        }
        List<JobRecord> finished = wiring.jobs().finishedBetween(now.minus(Duration.ofHours(24)), now);
        finished.forEach(wiring.jobOutcomes()::changed);
        LOG.info("after a restart: {} unfinished jobs sent to the queue again, {} finished jobs' outcomes delivered again",
                redispatched, finished.size());
    }

    /**
     * Webhooks as on AWS: the fan-out function fed by the change feed of the four tables whose
     * changes are events (for the streams), the dispatcher by the deliveries queue's event source.
     */
    private static List<AutoCloseable> startWebhooks(Wiring wiring, AtelierResources resources, AtelierConfig config,
                                                     AwsClients clients) {
        String fanOut = config.resourcePrefix() + "webhook-fanout";
        WebhookFanOutHandler handler = new WebhookFanOutHandler(wiring.webhookFanOut());
        return List.of(
                JobChangeFeed.start(resources.jobs().name(), List.of("jobId"), fanOut, handler),
                JobChangeFeed.start(resources.ledger().name(), List.of("accountId", "entryId"), fanOut, handler),
                JobChangeFeed.start(resources.reviews().name(), List.of("reviewId"), fanOut, handler),
                JobChangeFeed.start(resources.accounts().name(), List.of("accountId"), fanOut, handler),
                new SqsEventSource(clients.sqs(), resources.webhookDeliveriesQueue().name(),
                        new WebhookDispatchHandler(wiring.webhookDispatcher()), config.resourcePrefix() + "webhook-dispatcher"));
    }

    /** The worker a GPU instance runs on AWS, here on this machine's CPU. */
    private static AutoCloseable startWorker(Path home, AtelierConfig config, AwsClients clients) {
        Map<String, String> variables = AtelierConfig.environmentVariables();
        variables.putIfAbsent("ATELIER_MODEL_DIR", AtelierHome.bundledModel(home).toString());
        // Short polls so that stopping the stack is quick; the queue is on loopback, polls cost nothing.
        variables.putIfAbsent("ATELIER_WORKER_POLL_SECONDS", "1");
        variables.putIfAbsent("ATELIER_WORKER_SHUTDOWN_GRACE_SECONDS", "10");
        try {
            return Worker.start(clients, config, WorkerConfig.from(variables), Clock.systemUTC(), work -> { });
        } catch (OrtException e) {
            throw new LocalStackException("the worker could not load its model: " + e.getMessage(), e);
        }
    }

    /**
     * Sign-in as Cognito's hosted UI gives it on AWS: a local OIDC server whose tokens the handlers
     * take, unless {@code ATELIER_OIDC_JWKS_URL} already names another issuer. Its settings reach the
     * handlers as the system properties that stand for a Lambda's environment.
     */
    private static Optional<OidcServer> startOidcUnlessConfigured() {
        if (AtelierConfig.environmentVariables().get(AtelierConfig.OIDC_JWKS_URL_VARIABLE) != null) {
            return Optional.empty();
        }
        OidcServer server = OidcServer.start();
        server.settings().forEach(System::setProperty);
        return Optional.of(server);
    }

    /** What the EventBridge schedule does on AWS: run the stalled-jobs function every minute, as that function. */
    private static AutoCloseable scheduleReconciler(StalledJobsHandler handler, String principal) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stalled-job-reconciler");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                StalledJobReconciler.Pass pass = CallingPrincipal.callAs(principal,
                        () -> handler.handleRequest(new ScheduledEvent(), null));
                if (pass.redispatched() + pass.cancelled() > 0) {
                    LOG.info("reconciler sent {} stalled jobs again and cancelled {}", pass.redispatched(), pass.cancelled());
                }
            } catch (RuntimeException e) {
                LOG.warn("reconciler pass failed: {}", e.getMessage());
            }
        }, 1, 1, TimeUnit.MINUTES);
        return scheduler::shutdownNow;
    }

    private static void pointSdkAt(Map<String, URI> endpoints) {
        System.setProperty("aws.region", LocalCredentials.REGION);
        System.setProperty("aws.accessKeyId", LocalCredentials.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", LocalCredentials.SECRET_ACCESS_KEY);
        System.setProperty("aws.endpointUrlDynamoDb", endpoints.get("dynamodb").toString());
        System.setProperty("aws.endpointUrlSqs", endpoints.get("sqs").toString());
        System.setProperty("aws.endpointUrlS3", endpoints.get("s3").toString());
    }

    public URI gatewayUrl() {
        return gateway.url();
    }

    /** Each backing server's endpoint by AWS service id: {@code dynamodb}, {@code sqs}, {@code s3}. */
    public Map<String, URI> endpoints() {
        return Map.copyOf(endpoints);
    }

    /** The environment a separate process needs to reach this stack through the SDK's default settings. */
    public Map<String, String> sdkEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", LocalCredentials.REGION);
        environment.put("AWS_ACCESS_KEY_ID", LocalCredentials.ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", LocalCredentials.SECRET_ACCESS_KEY);
        environment.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.get("dynamodb").toString());
        environment.put("AWS_ENDPOINT_URL_SQS", endpoints.get("sqs").toString());
        environment.put("AWS_ENDPOINT_URL_S3", endpoints.get("s3").toString());
        return environment;
    }

    /** Clients of this stack's servers, for tools and tests. */
    public AwsClients clients() {
        return clients;
    }

    public AtelierResources resources() {
        return resources;
    }

    /** The local OIDC server's issuer, when this stack started one (sign-in: {@code GET /v1/auth/config}). */
    public Optional<URI> oidcIssuer() {
        return oidcIssuer;
    }

    /** The API key issued at this start to the local admin account (roles user and admin). */
    public String adminApiKey() {
        return accounts.get(LocalAccounts.ADMIN).apiKey();
    }

    /** The API key issued at this start to the local demo user. */
    public String demoApiKey() {
        return accounts.get(LocalAccounts.DEMO).apiKey();
    }

    Map<String, LocalAccounts.Issued> accounts() {
        return accounts;
    }

    /** Stops the gateway first, so no request reaches a server that is going away, then the servers. */
    @Override
    public void close() {
        closeAll(toClose);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("could not stop {} cleanly: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    /** Starts one part, saying on the console how long it took: the progress of a start. */
    private static <T> T timed(String part, ThrowingSupplier<T> start) {
        long startNanos = System.nanoTime();
        T started = uncheck(start);
        LOG.info("{} ready in {} ms{}", part, (System.nanoTime() - startNanos) / 1_000_000,
                started instanceof BackingServer server ? " on " + server.endpoint() : "");
        return started;
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static <T> T uncheck(ThrowingSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new LocalStackException(e.getMessage(), e);
        }
    }
}
