package com.atelier.local.bench;

import com.atelier.aws.jobs.DynamoDbJobRepository;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.jobs.JobAttribution;
import com.atelier.jobs.JobCost;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobStatus;
import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.LocalStackException;
import com.atelier.usage.BucketWidth;
import com.atelier.usage.UsageEvent;
import com.atelier.usage.UsageQuery;
import com.atelier.usage.UsageReport;
import com.atelier.usage.UsageScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./atelier bench-usage}: the 30-day daily usage query read from the pre-aggregated counters
 * beside the same question answered by scanning the finished jobs (what {@code GET /v1/admin/usage}
 * did), in the same run, over a history seeded into the local stack: finished job records written
 * as the job store writes them, and each job counted by the usage counters adapter as the counting
 * function counts it.
 */
@Command(name = "bench-usage", mixinStandardHelpOptions = true,
        description = {"30-day daily usage: the counters' query against the finished-jobs scan, p50/p99,",
                "over a seeded history of finished jobs."})
public final class UsageBenchmark implements Callable<Integer> {

    @Option(names = "--jobs", defaultValue = "100000", description = "Finished jobs seeded over 30 days (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--counter-runs", defaultValue = "50", description = "Timed counter queries (default: ${DEFAULT-VALUE}).")
    int counterRuns;

    @Option(names = "--scan-runs", defaultValue = "5", description = "Timed job scans (default: ${DEFAULT-VALUE}).")
    int scanRuns;

    @Option(names = "--threads", defaultValue = "8", description = "Seeding threads (default: ${DEFAULT-VALUE}).")
    int threads;

    private static final int DAYS = 30;
    private static final int ITEMS_PER_BATCH_WRITE = 25;
    private static final List<String> SIZES_PIXELS = List.of("256", "512", "1024");

    @Override
    public Integer call() throws Exception {
        PrintStream report = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(0, Optional.empty(), AtelierHome.locate(), false));
        } catch (LocalStackException e) {
            System.err.println("bench-usage: " + e.getMessage());
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
        Instant now = Instant.now();
        Instant from = BucketWidth.DAY.bucketStart(now).minus(Duration.ofDays(DAYS - 1));
        List<JobRecord> history = history(from, now);
        out.printf("bench-usage: %,d finished jobs over %d days, %d CPUs%n", jobs, DAYS, Runtime.getRuntime().availableProcessors());

        long seedStart = System.nanoTime();
        inParallel(batches(history, ITEMS_PER_BATCH_WRITE), batch -> batchWrite(stack.clients().dynamoDb(),
                stack.resources().jobs().name(), batch));
        long jobsSeeded = System.nanoTime();
        inParallel(batches(history, 100), batch -> batch.forEach(job -> UsageEvent.ofFinished(job).ifPresent(wiring.usageCounters()::count)));
        out.printf("seeded: job records %.1f s (BatchWriteItem), counters %.1f s (UpdateItem per scope and width)%n%n",
                (jobsSeeded - seedStart) / 1e9, (System.nanoTime() - jobsSeeded) / 1e9);

        UsageQuery.Request daily = new UsageQuery.Request(UsageScope.organisation(), from, Optional.empty(), BucketWidth.DAY,
                DAYS, Map.of(), java.util.Set.of(), Optional.empty());
        long countedImages = 0;
        long[] counterNanos = new long[counterRuns];
        for (int run = 0; run < counterRuns; run++) {
            long start = System.nanoTime();
            UsageQuery.Page page = wiring.usageQuery().images(daily);
            counterNanos[run] = System.nanoTime() - start;
            countedImages = page.buckets().stream().flatMap(bucket -> bucket.results().stream())
                    .mapToLong(result -> result.figures().images()).sum();
        }
        long scannedImages = 0;
        int scannedJobs = 0;
        long[] scanNanos = new long[scanRuns];
        for (int run = 0; run < scanRuns; run++) {
            long start = System.nanoTime();
            List<JobRecord> finished = wiring.jobs().finishedBetween(from, now.plusSeconds(1));
            UsageReport.Report report = UsageReport.of(finished, UsageReport.Grouping.DAY);
            scanNanos[run] = System.nanoTime() - start;
            scannedImages = report.total().imagesMade();
            scannedJobs = finished.size();
        }
        int counterItems = DAYS * com.atelier.aws.usage.DynamoDbUsageCounters.shardsOf(BucketWidth.DAY);
        out.printf("%-44s %6s %10s %10s %12s%n", "30-day daily query", "runs", "p50 ms", "p99 ms", "items read");
        out.printf("%-44s %6d %10.1f %10.1f %,12d%n", "counters (BatchGetItem, 30 days x 16 shards)", counterRuns,
                percentile(counterNanos, 50), percentile(counterNanos, 99), counterItems);
        out.printf("%-44s %6d %10.1f %10.1f %,12d%n", "job scan (finishedBetween + UsageReport)", scanRuns,
                percentile(scanNanos, 50), percentile(scanNanos, 99), scannedJobs);
        out.printf("%nimages: %,d by the counters, %,d by the scan%n", countedImages, scannedImages);
        return countedImages == scannedImages ? 0 : 3;
    }

    /** Finished jobs spread evenly over the days, of a few accounts, keys, users, sizes and sources. */
    private List<JobRecord> history(Instant from, Instant now) {
        SplittableRandom random = new SplittableRandom(19);
        long spanMillis = Duration.between(from, now).toMillis();
        List<JobRecord> history = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            Instant finished = from.plusMillis(spanMillis * i / jobs);
            String account = "acct_bench_usage_" + random.nextInt(20);
            JobKind kind = JobKind.values()[random.nextInt(JobKind.values().length)];
            int images = 1 + random.nextInt(4);
            boolean succeeded = random.nextInt(20) > 0;
            JobAttribution madeBy = new JobAttribution(Optional.of(account + "_key_" + random.nextInt(3)),
                    random.nextBoolean() ? Optional.of("user-" + random.nextInt(10)) : Optional.empty(), JobAttribution.DALL_E_2);
            JobSpec spec = JobSpec.generation("a red circle", Integer.parseInt(SIZES_PIXELS.get(random.nextInt(3))), i);
            List<String> keys = succeeded ? java.util.stream.IntStream.range(0, images)
                    .mapToObj(k -> "results/" + account + "/bench/" + k + ".png").toList() : List.of();
            history.add(new JobRecord(String.format("job_bench_usage_%08d", i), account, kind, images, 1,
                    succeeded ? JobStatus.SUCCEEDED : JobStatus.FAILED, succeeded ? Optional.empty() : Optional.of("worker_failed"),
                    "bench", finished.minusSeconds(20), finished, spec, 1, 20, 20, keys, 0,
                    Optional.of(new JobCost("bench", 20, "CUDA", 1_500, 1_800)), madeBy, Optional.empty()));
        }
        return history;
    }

    private static void batchWrite(DynamoDbClient dynamoDb, String table, List<JobRecord> batch) {
        List<WriteRequest> writes = batch.stream().map(job -> WriteRequest.builder()
                .putRequest(PutRequest.builder().item(DynamoDbJobRepository.storedItem(job)).build()).build()).toList();
        Map<String, List<WriteRequest>> pending = Map.of(table, writes);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> asked = pending;
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(request -> request.requestItems(asked));
            pending = response.hasUnprocessedItems() && !response.unprocessedItems().isEmpty() ? response.unprocessedItems() : Map.of();
        }
    }

    private static <T> List<List<T>> batches(List<T> all, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            batches.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return batches;
    }

    private <T> void inParallel(List<T> work, java.util.function.Consumer<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            work.forEach(item -> done.add(pool.submit(() -> task.accept(item))));
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double percentile(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
