package com.atelier.local.bench;

import com.atelier.accounts.Role;
import com.atelier.billing.PackPurchase;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.jobs.JobCost;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobRepository;
import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.LocalStackException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./atelier bench-webhooks}: how long a job's end takes to reach a customer's receiver, and how
 * many deliveries the dispatcher makes per second, beside a bare HTTP POST loop to the same receiver.
 *
 * <p>The stack runs without a worker: the benchmark ends each job itself with the worker's own two
 * writes (claim, complete) and starts the clock when the completing write returns, so the figure is
 * the event path alone: the jobs table's change feed, the fan-out function, the deliveries queue, its
 * event source and the dispatcher's signed POST.
 */
@Command(name = "bench-webhooks", mixinStandardHelpOptions = true,
        description = {"Job finished → webhook received latency, and the dispatcher's deliveries per second",
                "beside a bare HTTP POST loop to the same local receiver."})
public final class WebhookBenchmark implements Callable<Integer> {

    @Option(names = "--jobs", defaultValue = "50",
            description = "Jobs ended one after another for the latency (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--deliveries", defaultValue = "200",
            description = "Test deliveries queued at once for the throughput (default: ${DEFAULT-VALUE}).")
    int deliveries;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final int QUEUEING_THREADS = 8;
    private static final String JOB_BODY = "{\"kind\":\"generation\",\"prompt\":\"a red circle left of a blue square\","
            + "\"n\":1,\"size\":\"256x256\"}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    public Integer call() throws Exception {
        if (jobs < 2 || deliveries < 2) {
            System.err.println("bench-webhooks: --jobs and --deliveries at least 2");
            return 2;
        }
        // The handlers log every request to standard output, as on Lambda; the report keeps the real one.
        PrintStream report = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        System.setProperty("ATELIER_IMAGE_REQUESTS_PER_MINUTE", "100000000");
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(0, Optional.empty(), AtelierHome.locate(), false));
        } catch (LocalStackException e) {
            System.err.println("bench-webhooks: " + e.getMessage());
            return 1;
        }
        Receiver receiver = Receiver.start();
        try (stack; receiver) {
            return run(stack, receiver, report);
        } finally {
            System.setOut(report);
        }
    }

    private int run(LocalStack stack, Receiver receiver, PrintStream out) throws Exception {
        AtelierConfig config = AtelierConfig.fromEnvironment();
        Wiring wiring = new Wiring(config, new AwsAdapters(config, stack.clients()), Clock.systemUTC());
        String accountId = "acct_bench_webhooks";
        wiring.credits().openAccount(accountId, Set.of(Role.USER), Optional.empty());
        wiring.credits().purchase(new PackPurchase("pi-" + accountId, accountId, 1));
        String key = wiring.apiKeys().create(accountId, "bench-webhooks", wiring.clock().instant()).secret();
        URI gateway = stack.gatewayUrl();
        JsonNode endpoint = send(gateway.resolve("/v1/webhooks"), key,
                "{\"url\":\"" + receiver.url() + "\",\"events\":[\"job.succeeded\"],\"description\":\"bench\"}", 201);
        String endpointId = endpoint.path("id").asText();
        out.printf("bench-webhooks: receiver %s, %d CPUs%n%n", receiver.url(), Runtime.getRuntime().availableProcessors());

        long[] latencyNanos = new long[jobs];
        JobRepository jobRecords = wiring.jobs();
        for (int i = 0; i < jobs; i++) {
            String jobId = send(gateway.resolve("/v1/jobs"), key, JOB_BODY, 202).path("id").asText();
            JobRecord claimed = jobRecords.claim(jobId, Instant.now()).orElseThrow();
            jobRecords.complete(jobId, claimed.attempt(), List.of("results/" + jobId + "/0.png"), 0,
                    new JobCost("bench", 1, "CPU", 1, 1), Instant.now()).orElseThrow();
            long finished = System.nanoTime();
            latencyNanos[i] = receiver.awaitJob(jobId) - finished;
        }
        Arrays.sort(latencyNanos);
        out.printf(Locale.ROOT, "job finished → webhook received, %d jobs one after another: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                jobs, millis(percentile(latencyNanos, 50)), millis(percentile(latencyNanos, 99)),
                millis(latencyNanos[latencyNanos.length - 1]));

        // Queued by the use case the test route calls, from several threads, so that the queueing outpaces
        // the dispatcher and the figure is the dispatcher's own.
        int before = receiver.tests();
        List<Callable<Object>> queueing = Collections.nCopies(deliveries,
                () -> wiring.webhooks().sendTest(accountId, endpointId));
        ExecutorService senders = Executors.newFixedThreadPool(QUEUEING_THREADS);
        long start = System.nanoTime();
        try {
            for (Future<Object> queued : senders.invokeAll(queueing)) {
                queued.get();
            }
        } finally {
            senders.shutdown();
        }
        long queueingNanos = System.nanoTime() - start;
        receiver.awaitTests(before + deliveries);
        long dispatchNanos = System.nanoTime() - start;
        double dispatcherPerSecond = deliveries / seconds(dispatchNanos);
        start = System.nanoTime();
        for (int i = 0; i < deliveries; i++) {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(receiver.url()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"bare\"}")).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() != 204) {
                throw new IllegalStateException("the receiver answered " + answer.statusCode());
            }
        }
        double barePerSecond = deliveries / seconds(System.nanoTime() - start);
        out.printf(Locale.ROOT, "%d test deliveries (queued by %d threads in %.1f s) all received"
                        + " %.1f s after the first was queued: %.0f deliveries/s; bare POST loop to the same receiver:"
                        + " %.0f/s (dispatcher/bare %.2fx)%n",
                deliveries, QUEUEING_THREADS, seconds(queueingNanos), seconds(dispatchNanos), dispatcherPerSecond, barePerSecond,
                dispatcherPerSecond / barePerSecond);
        return 0;
    }

    private JsonNode send(URI uri, String key, String body, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + uri.getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** A customer's receiver on loopback: answers 204 and notes when each job's event and each test event came. */
    private static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, Long> jobArrivals = new ConcurrentHashMap<>();
        private final AtomicInteger tests = new AtomicInteger();

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            Receiver receiver = new Receiver(server);
            server.createContext("/", exchange -> {
                long arrived = System.nanoTime();
                try (InputStream body = exchange.getRequestBody()) {
                    JsonNode event = JSON.readTree(body.readAllBytes());
                    if ("job.succeeded".equals(event.path("type").asText())) {
                        receiver.jobArrivals.putIfAbsent(event.path("data").path("job_id").asText(), arrived);
                    } else if ("webhook_endpoint.test".equals(event.path("type").asText())) {
                        receiver.tests.incrementAndGet();
                    }
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return receiver;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        }

        int tests() {
            return tests.get();
        }

        long awaitJob(String jobId) throws TimeoutException {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!jobArrivals.containsKey(jobId)) {
                waitUntil(deadline, "job " + jobId + "'s webhook");
            }
            return jobArrivals.get(jobId);
        }

        void awaitTests(int count) throws TimeoutException {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (tests.get() < count) {
                waitUntil(deadline, count + " test deliveries");
            }
        }

        private static void waitUntil(long deadlineNanos, String what) throws TimeoutException {
            if (System.nanoTime() > deadlineNanos) {
                throw new TimeoutException(what + " not received within " + DEADLINE.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
