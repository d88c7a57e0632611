package com.atelier.local.chaos;

import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.local.servers.LocalCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One run of the stack as processes the suite can kill: {@code ./atelier up --no-worker} on a data
 * folder, and {@code ./atelier worker} beside it, reaching DynamoDB, SQS and S3 directly or through
 * {@link FaultProxy}s. Both processes read {@link AwsFaultInjector}'s control file. The suite's own
 * clients (for the invariant checks) go straight to the servers, free of any injected fault.
 */
final class StackSession implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    /** The shortest visibility the worker takes: a killed worker's job comes back this soon. */
    private static final String WORKER_VISIBILITY_SECONDS = "10";

    private final ChildProcesses children;
    private final Path dataDir;
    private final Path stateDir;
    private final Path faultControl;
    private final int workerSteps;
    private final Map<String, FaultProxy> proxies = new LinkedHashMap<>();
    private Process stack;
    private Process worker;
    private JsonNode state;
    private AwsClients clients;
    private Wiring wiring;

    StackSession(ChildProcesses children, Path workDir, Path faultControl, int workerSteps) {
        this.children = children;
        this.dataDir = workDir.resolve("data");
        this.stateDir = workDir.resolve("state");
        this.faultControl = faultControl;
        this.workerSteps = workerSteps;
    }

    /** Starts the stack on the data folder (kept from an earlier start) and waits until it answers. */
    void startStack() throws IOException {
        Path stateFile = stateDir.resolve("local.json");
        // A killed stack leaves its state behind: only a fresh one says the new stack is up.
        Files.deleteIfExists(stateFile);
        stack = children.start("stack", List.of("-Xmx768m", "-D" + AwsFaultInjector.CONTROL_FILE_PROPERTY + "=" + faultControl),
                Map.of(), "up", "--port", "0", "--no-worker", "--data-dir", dataDir.toString(), "--state-dir", stateDir.toString());
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (!Files.exists(stateFile)) {
            if (!stack.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the stack did not start; see its log in " + stateDir.getParent());
            }
            Waiting.pause(Duration.ofMillis(100));
        }
        state = JSON.readTree(stateFile.toFile());
        if (clients != null) {
            clients.close();
        }
        clients = directClients(endpoint("dynamodb"), endpoint("sqs"), endpoint("s3"));
        wiring = new Wiring(AtelierConfig.fromEnvironment(), new AwsAdapters(AtelierConfig.fromEnvironment(), clients), Clock.systemUTC());
    }

    /** Puts a fault proxy in front of each server for the worker's calls; call before {@link #startWorker}. */
    void proxyWorkerCalls(long seed) throws IOException {
        for (String service : List.of("dynamodb", "sqs", "s3")) {
            proxies.put(service, FaultProxy.start(endpoint(service), seed + service.hashCode()));
        }
    }

    void injectNetworkFaults(FaultProxy.Faults faults) {
        proxies.values().forEach(proxy -> proxy.inject(faults));
    }

    FaultProxy.Counts networkFaults() {
        return proxies.values().stream().map(FaultProxy::counts).reduce(new FaultProxy.Counts(0, 0, 0, 0),
                (a, b) -> new FaultProxy.Counts(a.connections() + b.connections(), a.resets() + b.resets(),
                        a.halfOpen() + b.halfOpen(), a.delayedChunks() + b.delayedChunks()));
    }

    void startWorker() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", LocalCredentials.REGION);
        environment.put("AWS_ACCESS_KEY_ID", LocalCredentials.ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", LocalCredentials.SECRET_ACCESS_KEY);
        for (String service : List.of("dynamodb", "sqs", "s3")) {
            URI endpoint = proxies.containsKey(service) ? proxies.get(service).endpoint() : endpoint(service);
            environment.put("AWS_ENDPOINT_URL_" + service.toUpperCase(java.util.Locale.ROOT), endpoint.toString());
        }
        environment.put("ATELIER_WORKER_STEPS", Integer.toString(workerSteps));
        environment.put("ATELIER_WORKER_VISIBILITY_SECONDS", WORKER_VISIBILITY_SECONDS);
        environment.put("ATELIER_WORKER_RETRY_SECONDS", "1");
        environment.put("ATELIER_WORKER_POLL_SECONDS", "1");
        environment.put("ATELIER_WORKER_SHUTDOWN_GRACE_SECONDS", "5");
        worker = children.start("worker", List.of("-Xmx512m", "-D" + AwsFaultInjector.CONTROL_FILE_PROPERTY + "=" + faultControl),
                environment, "worker");
    }

    void killWorker() {
        ChildProcesses.kill(worker);
    }

    /** kill -9 of the whole stack: the worker, the stack's JVM and the servers it started. */
    void killAll() throws IOException {
        if (worker != null && worker.isAlive()) {
            ChildProcesses.kill(worker);
        }
        ChildProcesses.kill(stack);
        for (FaultProxy proxy : proxies.values()) {
            proxy.close();
        }
        proxies.clear();
    }

    boolean workerAlive() {
        return worker != null && worker.isAlive();
    }

    Process stackProcess() {
        return stack;
    }

    Process workerProcess() {
        return worker;
    }

    URI gatewayUrl() {
        return URI.create(state.get("gatewayUrl").asText());
    }

    String adminApiKey() {
        return state.at("/accounts/admin/apiKey").asText();
    }

    Wiring wiring() {
        return wiring;
    }

    AwsClients clients() {
        return clients;
    }

    private URI endpoint(String service) {
        return URI.create(state.at("/endpoints/" + service).asText());
    }

    private static AwsClients directClients(URI dynamoDbEndpoint, URI sqsEndpoint, URI s3Endpoint) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalCredentials.ACCESS_KEY_ID, LocalCredentials.SECRET_ACCESS_KEY));
        Region region = Region.of(LocalCredentials.REGION);
        DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbEndpoint).region(region)
                .credentialsProvider(credentials).build();
        S3Client s3 = S3Client.builder().endpointOverride(s3Endpoint).region(region).credentialsProvider(credentials)
                .forcePathStyle(true).build();
        S3Presigner presigner = S3Presigner.builder().endpointOverride(s3Endpoint).region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        return new AwsClients(dynamoDb, DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build(),
                SqsClient.builder().endpointOverride(sqsEndpoint).region(region).credentialsProvider(credentials).build(),
                s3, presigner);
    }

    @Override
    public void close() throws IOException {
        try {
            killAll();
        } finally {
            if (clients != null) {
                clients.close();
            }
        }
    }
}
