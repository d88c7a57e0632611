package com.atelier.local.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests to the gateway as the OpenAI-shaped API's callers send them, at a steady bounded rate: a
 * seeded mix of job submissions, job reads and cancellations, listings, balances, ledgers and health
 * checks over a few accounts. Counts every answer by status; a request that got no answer (the stack
 * was down, a timeout) is counted apart, as it is not the service's answer.
 */
final class Traffic implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(35);
    private static final List<String> PROMPTS = List.of("a red circle left of a blue square", "a yellow star",
            "two green triangles", "a cyan square above a magenta circle");

    /** A caller: an account and its API key. */
    record Caller(String accountId, String apiKey) {
    }

    /** An answer's status, or none when no answer came. */
    record Answer(int status, JsonNode body) {
        static final Answer NONE = new Answer(0, JSON.nullNode());
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile URI gateway;
    private final List<Caller> callers;
    private final SplittableRandom random;
    private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
    private final AtomicLong unanswered = new AtomicLong();
    private final List<String> serverErrors = new CopyOnWriteArrayList<>();
    private final List<String> jobIds = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService ticker;
    private ExecutorService senders;

    Traffic(URI gateway, List<Caller> callers, long seed) {
        this.gateway = gateway;
        this.callers = List.copyOf(callers);
        this.random = new SplittableRandom(seed);
    }

    /** A restarted stack listens on another port. */
    void retarget(URI newGateway) {
        this.gateway = newGateway;
    }

    /** Sends mixed requests at this rate until {@link #stop}; at most {@code concurrency} wait for answers. */
    void start(double requestsPerSecond, int concurrency) {
        ticker = Executors.newSingleThreadScheduledExecutor();
        senders = Executors.newFixedThreadPool(concurrency);
        AtomicLong inFlight = new AtomicLong();
        ticker.scheduleAtFixedRate(() -> {
            // Bounded: a slow stack sheds this load rather than queueing it without end.
            if (inFlight.get() >= concurrency) {
                return;
            }
            inFlight.incrementAndGet();
            senders.execute(() -> {
                try {
                    sendOne();
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }, 0, Math.max(1, (long) (1_000_000 / requestsPerSecond)), TimeUnit.MICROSECONDS);
    }

    void stop() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        senders.shutdown();
        try {
            senders.awaitTermination(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker = null;
    }

    private void sendOne() {
        Caller caller;
        int roll;
        String job;
        String prompt;
        int images;
        synchronized (random) {
            caller = callers.get(random.nextInt(callers.size()));
            roll = random.nextInt(100);
            job = jobIds.isEmpty() ? null : jobIds.get(random.nextInt(jobIds.size()));
            prompt = PROMPTS.get(random.nextInt(PROMPTS.size()));
            images = 1 + random.nextInt(3);
        }
        if (roll < 35) {
            Answer answer = send(caller, "POST", "/v1/jobs", Map.of("kind", "generation", "prompt", prompt, "n", images,
                    "size", "256x256"));
            if (answer.status() == 202) {
                jobIds.add(answer.body().get("id").asText());
            }
        } else if (roll < 60 && job != null) {
            send(caller, "GET", "/v1/jobs/" + job, null);
        } else if (roll < 65 && job != null) {
            send(caller, "DELETE", "/v1/jobs/" + job, null);
        } else if (roll < 75) {
            send(caller, "GET", "/v1/jobs?limit=10", null);
        } else if (roll < 85) {
            send(caller, "GET", "/v1/credits", null);
        } else if (roll < 95) {
            send(caller, "GET", "/v1/credits/ledger?limit=10", null);
        } else {
            send(null, "GET", "/health", null);
        }
    }

    /** One request, counted; {@code caller} null sends none of the API key. */
    Answer send(Caller caller, String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(REQUEST_TIMEOUT);
            if (caller != null) {
                request.header("Authorization", "Bearer " + caller.apiKey());
            }
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            byStatus.computeIfAbsent(response.statusCode(), status -> new AtomicLong()).incrementAndGet();
            JsonNode parsed = response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 500) {
                serverErrors.add(Instant.now() + " " + method + " " + path + " " + response.statusCode() + " " + response.body());
            }
            return new Answer(response.statusCode(), parsed);
        } catch (IOException e) {
            unanswered.incrementAndGet();
            return Answer.NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.NONE;
        }
    }

    long requests() {
        return byStatus.values().stream().mapToLong(AtomicLong::get).sum() + unanswered.get();
    }

    long answered(int status) {
        AtomicLong count = byStatus.get(status);
        return count == null ? 0 : count.get();
    }

    long serverErrorCount(int excludedStatus) {
        return byStatus.entrySet().stream().filter(entry -> entry.getKey() >= 500 && entry.getKey() != excludedStatus)
                .mapToLong(entry -> entry.getValue().get()).sum();
    }

    long unanswered() {
        return unanswered.get();
    }

    List<String> serverErrors() {
        return new ArrayList<>(serverErrors);
    }

    @Override
    public void close() {
        stop();
    }
}
