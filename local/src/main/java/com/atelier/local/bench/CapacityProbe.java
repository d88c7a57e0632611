package com.atelier.local.bench;

import com.atelier.accounts.Role;
import com.atelier.billing.PackPurchase;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.LocalStackException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * {@code ./atelier capacity-probe}: a short mixed load on the local stack with its worker (async
 * submits, polls until each job ends, synchronous Images API requests), recording every AWS call by
 * request type, operation, table or index and partition key, with the units DynamoDB consumed
 * ({@link CapacityRecorder}). Prints calls and units per request and writes them as JSON, the input of
 * docs/capacity.md.
 */
@Command(name = "capacity-probe", mixinStandardHelpOptions = true,
        description = {"Run a short mixed load on the local stack (submit, poll, synchronous images, the worker and"
                + " the outcomes feed) and report the AWS calls and DynamoDB units per request type, by table, index"
                + " and partition key, as a table and as JSON."})
public final class CapacityProbe implements Callable<Integer> {

    static final String SUBMIT = "generation submit (POST /v1/jobs)";
    static final String POLL = "job poll (GET /v1/jobs/{id})";
    static final String SYNC = "sync images request (POST /v1/images/generations)";
    static final String CLAIM = "worker claim";
    static final String PROGRESS = "worker progress";
    static final String COMPLETE = "worker complete (results, job, message)";
    static final String QUEUE = "worker queue polling";
    static final String SETTLE = "outcome settle (job-outcomes)";

    @Option(names = "--accounts", defaultValue = "4", description = "Accounts submitting (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--jobs-per-account", defaultValue = "10",
            description = "Async jobs each account submits (default: ${DEFAULT-VALUE}).")
    int jobsPerAccount;

    @Option(names = "--sync-requests", defaultValue = "4",
            description = "Synchronous Images API requests, one at a time (default: ${DEFAULT-VALUE}).")
    int syncRequests;

    @Option(names = "--output", defaultValue = "local/target/capacity-probe.json",
            description = "Where the JSON goes (default: ${DEFAULT-VALUE}).")
    Path output;

    private static final String BODY = "{\"kind\":\"generation\",\"prompt\":\"a lighthouse at dusk, oil on canvas\","
            + "\"n\":1,\"size\":\"256x256\"}";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration SETTLE_DEADLINE = Duration.ofMinutes(3);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile String apiPhase = SUBMIT;

    @Override
    public Integer call() throws Exception {
        if (accounts < 1 || jobsPerAccount < 1 || syncRequests < 0) {
            System.err.println("capacity-probe: --accounts and --jobs-per-account at least 1");
            return 2;
        }
        PrintStream report = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        System.setProperty("ATELIER_IMAGE_REQUESTS_PER_MINUTE", "100000000");
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(0, Optional.empty(), AtelierHome.locate(), true));
        } catch (LocalStackException e) {
            System.err.println("capacity-probe: " + e.getMessage());
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
        List<String> keys = new ArrayList<>();
        List<String> accountIds = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            String accountId = "acct_capacity_probe_" + i;
            wiring.credits().openAccount(accountId, Set.of(Role.USER), Optional.empty());
            wiring.credits().purchase(new PackPurchase("pi-" + accountId, accountId, 1));
            keys.add(wiring.apiKeys().create(accountId, "capacity-probe", wiring.clock().instant()).secret());
            accountIds.add(accountId);
        }
        CapacityRecorder.Recording recording = new CapacityRecorder.Recording(this::requestType,
                stack.resources().tables(), config.resourcePrefix());
        Map<String, Integer> requests = new TreeMap<>();
        System.err.println("capacity-probe: " + accounts * jobsPerAccount + " submits, then polls, then "
                + syncRequests + " synchronous requests…");
        CapacityRecorder.start(recording);
        List<String> jobIds;
        AtomicInteger polls = new AtomicInteger();
        try {
            jobIds = submitAll(stack.gatewayUrl(), keys);
            apiPhase = POLL;
            pollUntilFinished(stack.gatewayUrl(), keys, jobIds, polls);
            apiPhase = SYNC;
            for (int i = 0; i < syncRequests; i++) {
                send(stack.gatewayUrl().resolve("/v1/images/generations"), keys.get(i % keys.size()),
                        "{\"prompt\":\"a red circle left of a blue square\",\"n\":1,\"size\":\"256x256\"}", 200);
            }
            awaitSettled(wiring, accountIds);
        } finally {
            CapacityRecorder.stop();
        }
        int jobs = jobIds.size() + syncRequests;
        requests.put(SUBMIT, jobIds.size());
        requests.put(POLL, polls.get());
        requests.put(SYNC, syncRequests);
        for (String perJob : List.of(CLAIM, PROGRESS, COMPLETE, QUEUE, SETTLE)) {
            requests.put(perJob, jobs);
        }
        ObjectNode json = report(recording, requests);
        Files.createDirectories(output.toAbsolutePath().getParent());
        JSON.writeValue(output.toFile(), json);
        print(json, out);
        out.println();
        out.println("JSON: " + output.toAbsolutePath());
        return 0;
    }

    /** Which request a call serves: the API functions by the phase under way, the worker by what its write does. */
    private Optional<String> requestType(String principal, SdkRequest request) {
        switch (principal) {
            case "jobs":
                return Optional.of(apiPhase);
            case "images":
                return Optional.of(SYNC);
            case "job-outcomes":
                return Optional.of(SETTLE);
            case "gpu-worker":
                return Optional.of(workerStep(request));
            default:
                return Optional.of("other: " + principal);
        }
    }

    private static String workerStep(SdkRequest request) {
        if (request instanceof UpdateItemRequest update) {
            String expression = update.updateExpression();
            if (expression.contains("ADD attempt")) {
                return CLAIM;
            }
            return expression.contains("deviceMillis") ? COMPLETE : PROGRESS;
        }
        if (request instanceof PutObjectRequest || request instanceof GetItemRequest) {
            return COMPLETE;
        }
        String operation = request.getClass().getSimpleName();
        return operation.startsWith("DeleteMessage") ? COMPLETE : QUEUE;
    }

    private List<String> submitAll(URI gateway, List<String> keys) throws Exception {
        List<String> ids = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(keys.size());
        try {
            List<Future<List<String>>> submitted = new ArrayList<>();
            for (String key : keys) {
                submitted.add(clients.submit(() -> {
                    List<String> own = new ArrayList<>();
                    for (int i = 0; i < jobsPerAccount; i++) {
                        own.add(JSON.readTree(send(gateway.resolve("/v1/jobs"), key, BODY, 202)).path("id").asText());
                    }
                    return own;
                }));
            }
            for (Future<List<String>> client : submitted) {
                ids.addAll(client.get());
            }
        } finally {
            clients.shutdownNow();
        }
        return ids;
    }

    private void pollUntilFinished(URI gateway, List<String> keys, List<String> jobIds, AtomicInteger polls) {
        Map<String, String> keyOf = new ConcurrentHashMap<>();
        for (int i = 0; i < jobIds.size(); i++) {
            keyOf.put(jobIds.get(i), keys.get(i / jobsPerAccount));
        }
        List<String> unfinished = new ArrayList<>(jobIds);
        Instant deadline = Instant.now().plus(SETTLE_DEADLINE);
        while (!unfinished.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(unfinished.size() + " jobs still unfinished after " + SETTLE_DEADLINE);
            }
            unfinished.removeIf(jobId -> {
                polls.incrementAndGet();
                String status = read(gateway.resolve("/v1/jobs/" + jobId), keyOf.get(jobId)).path("status").asText();
                return Set.of("succeeded", "failed", "rejected", "cancelled").contains(status);
            });
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
    }

    /** The change feed settles each job after it ends; the recording stops once every debit is closed. */
    private static void awaitSettled(Wiring wiring, List<String> accountIds) {
        Instant deadline = Instant.now().plus(SETTLE_DEADLINE);
        while (accountIds.stream().anyMatch(id -> wiring.credits().history(wiring.creditAccounts().find(id).orElseThrow(), 1, Optional.empty())
                .pending().size() > 0)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("debits still open after " + SETTLE_DEADLINE);
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
    }

    private String send(URI uri, String key, String body, int expected) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return exchange(request, expected);
    }

    private JsonNode read(URI uri, String key) {
        try {
            return JSON.readTree(exchange(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).GET().build(), 200));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer from " + uri, e);
        }
    }

    private String exchange(HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private ObjectNode report(CapacityRecorder.Recording recording, Map<String, Integer> requests) {
        ObjectNode json = JSON.createObjectNode();
        json.put("command", "./atelier capacity-probe --accounts " + accounts + " --jobs-per-account " + jobsPerAccount
                + " --sync-requests " + syncRequests);
        json.put("date", LocalDate.now().toString());
        json.put("units", "DynamoDB table units as the local server answered ReturnConsumedCapacity.TOTAL (write: per"
                + " started KB of the larger of the item before and after; read: per started 4 KB, halved when"
                + " eventually consistent); index writes computed from the written item's size");
        requests.forEach(json.putObject("requests")::put);
        ObjectNode perRequest = json.putObject("perRequest");
        recording.tallies().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<List<String>, CapacityRecorder.Tally> e) -> e.getKey().get(0))
                        .thenComparing(e -> e.getKey().get(1)).thenComparing(e -> e.getKey().get(2)))
                .forEach(entry -> {
                    String type = entry.getKey().get(0);
                    double count = requests.getOrDefault(type, 1);
                    CapacityRecorder.Tally tally = entry.getValue();
                    ObjectNode line = (perRequest.has(type) ? (ArrayNode) perRequest.get(type) : perRequest.putArray(type))
                            .addObject();
                    line.put("operation", entry.getKey().get(1));
                    line.put("target", entry.getKey().get(2));
                    line.put("callsPerRequest", round(tally.calls.sum() / count));
                    line.put("unitsPerRequest", round(tally.units.sum() / count));
                    if (tally.failedCalls.sum() > 0) {
                        line.put("failedCallsPerRequest", round(tally.failedCalls.sum() / count));
                    }
                    if (tally.itemsWritten.sum() > 0) {
                        line.put("meanItemBytesWritten", tally.itemBytesWritten.sum() / tally.itemsWritten.sum());
                    }
                    line.put("distinctPartitionKeys", tally.partitionKeys.size());
                    tally.partitionKeys.entrySet().stream()
                            .max(Comparator.comparingLong(key -> key.getValue().sum()))
                            .ifPresent(hottest -> {
                                line.put("hottestPartitionKey", hottest.getKey());
                                line.put("hottestKeyShareOfCalls", round(hottest.getValue().sum() / Math.max(1.0, tally.calls.sum())));
                            });
                });
        return json;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static void print(ObjectNode json, PrintStream out) {
        out.println("capacity-probe: " + json.get("command").asText());
        json.get("requests").fields().forEachRemaining(request -> out.printf("  %-52s %d%n", request.getKey(),
                request.getValue().asInt()));
        out.println();
        out.printf("%-52s %-22s %-34s %8s %8s %8s %6s %s%n", "request type", "operation", "target", "calls/req",
                "units/req", "item B", "keys", "hottest key (share)");
        json.get("perRequest").fields().forEachRemaining(type -> type.getValue().forEach(line -> out.printf(Locale.ROOT,
                "%-52s %-22s %-34s %8.3f %8.3f %8s %6d %s (%.2f)%n", type.getKey(), line.get("operation").asText(),
                line.get("target").asText(), line.get("callsPerRequest").asDouble(), line.get("unitsPerRequest").asDouble(),
                line.has("meanItemBytesWritten") ? line.get("meanItemBytesWritten").asText() : "",
                line.get("distinctPartitionKeys").asInt(), abbreviated(line.path("hottestPartitionKey").asText()),
                line.path("hottestKeyShareOfCalls").asDouble())));
    }

    private static String abbreviated(String key) {
        return key.length() > 48 ? key.substring(0, 45) + "…" : key;
    }
}
