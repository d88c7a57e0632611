package com.atelier.local.bench;

import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.CreditService;
import com.atelier.aws.credits.DynamoDbCreditAccounts;
import com.atelier.aws.credits.DynamoDbLedger;
import com.atelier.accounts.Role;
import com.atelier.billing.PackPurchase;
import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.LocalStackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ./atelier bench-debit}: what {@link CreditService#charge} costs over the bare DynamoDB calls
 * it makes (a consistent GetItem of the account item, as authentication reads it, and one conditional UpdateItem;
 * the debit's ledger entry is written when its job finishes),
 * both measured in the same run against the same in-process local stack.
 *
 * <p>An open debit stays on the account item until its job settles, so an account charged thousands
 * of times would grow far beyond a real one and slow every read. Each account therefore takes at most
 * {@code --charges-per-account} charges (a fresh, funded one is prepared before timing starts), and
 * the baseline reads an account item holding half that many open debits: the same average size.
 */
@Command(name = "bench-debit", mixinStandardHelpOptions = true,
        description = {"Benchmark CreditService.charge against the bare SDK calls a debit makes (consistent GetItem"
                + " + conditional UpdateItem) on an in-process local stack: sequential latency"
                + " (p50, p99, mean) and concurrent throughput, without contention (one account per thread) and"
                + " with it (all threads on one account)."})
public final class DebitBenchmark implements Callable<Integer> {

    @Option(names = "--warmup", defaultValue = "300",
            description = "Untimed operations before each measured phase (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--debits", defaultValue = "2000",
            description = "Measured operations per phase and target (default: ${DEFAULT-VALUE}).")
    int debits;

    @Option(names = "--threads", defaultValue = "1",
            description = "Threads of the latency phase, each on its own accounts (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--concurrency", defaultValue = "8",
            description = "Threads of the throughput phases (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--charges-per-account", defaultValue = "50",
            description = "Charges an account takes before the next fresh one is used, bounding its open"
                    + " debits (default: ${DEFAULT-VALUE}).")
    int chargesPerAccount;

    private static final int FREE_CREDITS = 50;
    private static final int PACKS_PER_PURCHASE = 100;

    @Override
    public Integer call() {
        if (warmup < 0 || debits < 2 || threads < 1 || concurrency < 1 || chargesPerAccount < 1) {
            System.err.println("bench-debit: --debits must be at least 2; --threads, --concurrency and"
                    + " --charges-per-account at least 1; --warmup not negative");
            return 2;
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(0, Optional.empty(), AtelierHome.locate(), false));
        } catch (LocalStackException e) {
            System.err.println("bench-debit: " + e.getMessage());
            return 1;
        }
        try (stack) {
            return run(stack);
        }
    }

    private int run(LocalStack stack) {
        DynamoDbClient dynamoDb = stack.clients().dynamoDb();
        String accountsTable = stack.resources().accounts().name();
        String ledgerTable = stack.resources().ledger().name();
        LongAdder conditionalFailures = new LongAdder();
        // Only the account store's writes go through the counting proxy: a failed condition there is a retry.
        CreditAccounts accounts = new DynamoDbCreditAccounts(countingConditionalFailures(dynamoDb, conditionalFailures),
                stack.clients().dynamoDbEnhanced(), accountsTable);
        CreditService credits = new CreditService(accounts,
                new DynamoDbLedger(stack.clients().dynamoDbEnhanced(), ledgerTable), Clock.systemUTC());

        DebitTarget debit = new DebitTarget(accounts, credits, chargesPerAccount);
        BaselineTarget baseline = new BaselineTarget(dynamoDb, accountsTable, debit);
        Runner runner = new Runner(chargesPerAccount, conditionalFailures);

        System.out.printf("bench-debit: %d measured ops per phase and target after %d warm-up ops; 1 credit per charge;"
                        + " a fresh account every %d charges; %d CPUs%n",
                debits, warmup, chargesPerAccount, Runtime.getRuntime().availableProcessors());
        System.out.println("  baseline = GetItem(consistent, account item with " + baseline.openDebits
                + " open debits) + UpdateItem(SET n = n - :one IF n >= :one)");
        System.out.println("  debit    = read the account, CreditService.charge(account, jobId, 1) = GetItem + conditional UpdateItem");
        System.out.println();

        String seqName = "sequential, " + threads + (threads == 1 ? " thread" : " threads, own accounts");
        String ownName = concurrency + " threads, own accounts";
        String sharedName = concurrency + " threads, ONE account";
        Result[] seq = runner.compare(baseline, debit, seqName, threads, false, warmup, debits);
        Result[] own = runner.compare(baseline, debit, ownName, concurrency, false, warmup, debits);
        Result[] shared = runner.compare(baseline, debit, sharedName, concurrency, true, warmup, debits);

        System.out.printf("%-30s %-9s %6s %8s %8s %8s %9s %8s %7s%n",
                "phase", "target", "ops", "p50 ms", "p99 ms", "mean ms", "ops/s", "retries", "failed");
        for (Result[] pair : List.of(seq, own, shared)) {
            for (Result result : pair) {
                System.out.printf("%-30s %-9s %6d %8.2f %8.2f %8.2f %9.0f %8d %7d%n",
                        result.phase, result.target, result.completed(), result.percentileMillis(0.50),
                        result.percentileMillis(0.99), result.meanMillis(), result.throughput(),
                        result.retries, result.failed);
            }
        }
        System.out.println();
        System.out.printf("debit/baseline p50=%.2fx p99=%.2fx mean=%.2fx throughput=%.2fx   (latency: %s; throughput: %s)%n",
                ratio(seq, r -> r.percentileMillis(0.50)), ratio(seq, r -> r.percentileMillis(0.99)),
                ratio(seq, Result::meanMillis), ratio(own, Result::throughput), seqName, ownName);
        System.out.printf("debit/baseline contended p50=%.2fx p99=%.2fx throughput=%.2fx   (%s; %d retries in %d charges)%n",
                ratio(shared, r -> r.percentileMillis(0.50)), ratio(shared, r -> r.percentileMillis(0.99)),
                ratio(shared, Result::throughput), sharedName, shared[1].retries, shared[1].completed());
        System.out.printf("debit contended/uncontended throughput=%.2fx%n", shared[1].throughput() / own[1].throughput());

        long failed = Arrays.stream(new Result[][]{seq, own, shared}).flatMap(Arrays::stream).mapToLong(r -> r.failed).sum();
        if (failed > 0) {
            System.out.println("WARNING: " + failed + " operations failed; first: " + runner.firstFailure.get());
            return 1;
        }
        return 0;
    }

    private interface Metric {
        double of(Result result);
    }

    private static double ratio(Result[] pair, Metric metric) {
        return metric.of(pair[1]) / metric.of(pair[0]);
    }

    /** One thing to measure: prepared accounts ("slots"), then one operation on a slot. */
    private interface Target {
        String name();

        /** Fresh slots for {@code count} × charges-per-account operations; untimed. */
        List<String> prepare(String tag, int count);

        void execute(String slot, String opId);
    }

    /** {@link CreditService#charge} of one credit per distinct job id. */
    private static final class DebitTarget implements Target {
        private final CreditAccounts accounts;
        private final CreditService credits;
        private final int chargesPerAccount;

        DebitTarget(CreditAccounts accounts, CreditService credits, int chargesPerAccount) {
            this.accounts = accounts;
            this.credits = credits;
            this.chargesPerAccount = chargesPerAccount;
        }

        @Override
        public String name() {
            return "debit";
        }

        @Override
        public List<String> prepare(String tag, int count) {
            List<String> slots = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                slots.add(openFunded("bench-debit-" + tag + "-" + i));
            }
            return slots;
        }

        /** Opens an account (50 free credits) and buys packs until it holds a slot's worth of charges. */
        String openFunded(String accountId) {
            if (!credits.openAccount(accountId, Set.of(Role.USER), Optional.empty())) {
                throw new IllegalStateException("account " + accountId + " exists already");
            }
            int perPurchase = PACKS_PER_PURCHASE * PackPurchase.CREDITS_PER_PACK;
            int purchases = Math.max(1, (Math.max(0, chargesPerAccount - FREE_CREDITS) + perPurchase - 1) / perPurchase);
            for (int p = 0; p < purchases; p++) {
                credits.purchase(new PackPurchase("pi-" + accountId + "-" + p, accountId, PACKS_PER_PURCHASE));
            }
            return accountId;
        }

        @Override
        public void execute(String slot, String opId) {
            if (credits.charge(accounts.find(slot).orElseThrow(), opId, 1).alreadyPaid()) {
                throw new IllegalStateException("job " + opId + " was already paid for");
            }
        }
    }

    /**
     * The bare low-level calls of a debit: a consistent GetItem of an account item as large as an
     * average benchmarked account and a simply conditioned UpdateItem of a counter item.
     */
    private static final class BaselineTarget implements Target {
        private static final AttributeValue ONE = AttributeValue.fromN("1");

        private final DynamoDbClient dynamoDb;
        private final String accountsTable;
        private final Map<String, AttributeValue> accountTemplate;
        final int openDebits;

        BaselineTarget(DynamoDbClient dynamoDb, String accountsTable, DebitTarget debit) {
            this.dynamoDb = dynamoDb;
            this.accountsTable = accountsTable;
            // A real account item, charged half a slot's worth: what a debit reads on average.
            String templateId = debit.openFunded("bench-baseline-template");
            this.openDebits = debit.chargesPerAccount / 2;
            for (int i = 0; i < openDebits; i++) {
                debit.execute(templateId, "job-template-" + i);
            }
            this.accountTemplate = getAccount(templateId).item();
        }

        @Override
        public String name() {
            return "baseline";
        }

        @Override
        public List<String> prepare(String tag, int count) {
            List<String> slots = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String accountId = "bench-baseline-" + tag + "-" + i;
                Map<String, AttributeValue> account = new HashMap<>(accountTemplate);
                account.put("accountId", AttributeValue.fromS(accountId));
                dynamoDb.putItem(request -> request.tableName(accountsTable).item(account));
                dynamoDb.putItem(request -> request.tableName(accountsTable).item(Map.of(
                        "accountId", AttributeValue.fromS(counterId(accountId)),
                        "n", AttributeValue.fromN("1000000000000"))));
                slots.add(accountId);
            }
            return slots;
        }

        private static String counterId(String accountId) {
            return accountId + "#counter";
        }

        private GetItemResponse getAccount(String accountId) {
            return dynamoDb.getItem(request -> request.tableName(accountsTable)
                    .key(Map.of("accountId", AttributeValue.fromS(accountId))).consistentRead(true));
        }

        @Override
        public void execute(String slot, String opId) {
            if (!getAccount(slot).hasItem()) {
                throw new IllegalStateException("account item " + slot + " is missing");
            }
            dynamoDb.updateItem(request -> request.tableName(accountsTable)
                    .key(Map.of("accountId", AttributeValue.fromS(counterId(slot))))
                    .updateExpression("SET #n = #n - :one")
                    .conditionExpression("#n >= :one")
                    .expressionAttributeNames(Map.of("#n", "n"))
                    .expressionAttributeValues(Map.of(":one", ONE)));
        }
    }

    /** Per-operation latencies (nanoseconds; -1 for a failed operation) and the wall time of one phase. */
    private static final class Result {
        final String target;
        final String phase;
        final long[] latencies;
        final long wallNanos;
        final long retries;
        final long failed;
        private long[] sorted;

        Result(String target, String phase, long[] latencies, long wallNanos, long retries, long failed) {
            this.target = target;
            this.phase = phase;
            this.latencies = latencies;
            this.wallNanos = wallNanos;
            this.retries = retries;
            this.failed = failed;
        }

        static Result merge(Result a, Result b) {
            long[] all = Arrays.copyOf(a.latencies, a.latencies.length + b.latencies.length);
            System.arraycopy(b.latencies, 0, all, a.latencies.length, b.latencies.length);
            return new Result(a.target, a.phase, all, a.wallNanos + b.wallNanos, a.retries + b.retries, a.failed + b.failed);
        }

        private long[] sorted() {
            if (sorted == null) {
                sorted = Arrays.stream(latencies).filter(nanos -> nanos >= 0).sorted().toArray();
            }
            return sorted;
        }

        int completed() {
            return sorted().length;
        }

        /** Nearest-rank percentile. */
        double percentileMillis(double q) {
            long[] values = sorted();
            int rank = (int) Math.ceil(q * values.length);
            return values[Math.max(0, Math.min(values.length - 1, rank - 1))] / 1e6;
        }

        double meanMillis() {
            return Arrays.stream(sorted()).average().orElse(Double.NaN) / 1e6;
        }

        /** Completed operations (each charge once, however many retries it took) per second of wall time. */
        double throughput() {
            return completed() / (wallNanos / 1e9);
        }
    }

    private static final class Runner {
        private final int perSlot;
        private final LongAdder conditionalFailures;
        private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        private int phases;

        Runner(int perSlot, LongAdder conditionalFailures) {
            this.perSlot = perSlot;
            this.conditionalFailures = conditionalFailures;
        }

        /**
         * Warms both targets up, then measures them in the order baseline, debit, debit, baseline (half
         * the operations each time), so that a drift of the servers over the run weighs on both alike.
         */
        Result[] compare(Target baseline, Target debit, String phase, int threadCount, boolean shared,
                         int warmupOps, int ops) {
            System.err.println("bench-debit: " + phase + "…");
            if (warmupOps > 0) {
                run(baseline, phase, threadCount, shared, warmupOps);
                run(debit, phase, threadCount, shared, warmupOps);
            }
            int first = ops / 2;
            Result b1 = run(baseline, phase, threadCount, shared, first);
            Result d1 = run(debit, phase, threadCount, shared, first);
            Result d2 = run(debit, phase, threadCount, shared, ops - first);
            Result b2 = run(baseline, phase, threadCount, shared, ops - first);
            return new Result[]{Result.merge(b1, b2), Result.merge(d1, d2)};
        }

        private Result run(Target target, String phase, int threadCount, boolean shared, int ops) {
            String tag = "p" + (phases++);
            int[] opsOf = new int[threadCount];
            int[] offsetOf = new int[threadCount];
            for (int t = 0, offset = 0; t < threadCount; t++) {
                opsOf[t] = ops / threadCount + (t < ops % threadCount ? 1 : 0);
                offsetOf[t] = offset;
                offset += opsOf[t];
            }
            // Every account is prepared before the clock starts.
            List<List<String>> slotsOf = new ArrayList<>();
            List<String> sharedSlots = List.of();
            if (shared) {
                sharedSlots = target.prepare(tag, slotsFor(ops));
            } else {
                int total = Arrays.stream(opsOf).map(this::slotsFor).sum();
                List<String> all = target.prepare(tag, total);
                for (int t = 0, from = 0; t < threadCount; t++) {
                    slotsOf.add(all.subList(from, from + slotsFor(opsOf[t])));
                    from += slotsFor(opsOf[t]);
                }
            }
            long[] latencies = new long[ops];
            AtomicInteger next = new AtomicInteger();
            LongAdder failed = new LongAdder();
            CountDownLatch ready = new CountDownLatch(threadCount);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                int thread = t;
                List<String> mine = shared ? sharedSlots : slotsOf.get(t);
                workers.add(new Thread(() -> {
                    ready.countDown();
                    awaitQuietly(go);
                    if (shared) {
                        for (int i; (i = next.getAndIncrement()) < ops; ) {
                            latencies[i] = timed(target, mine.get(i / perSlot), "job-" + tag + "-" + i, failed);
                        }
                    } else {
                        for (int j = 0; j < opsOf[thread]; j++) {
                            int i = offsetOf[thread] + j;
                            latencies[i] = timed(target, mine.get(j / perSlot), "job-" + tag + "-" + i, failed);
                        }
                    }
                }, "bench-" + tag + "-" + t));
            }
            workers.forEach(Thread::start);
            awaitQuietly(ready);
            long retriesBefore = conditionalFailures.sum();
            long start = System.nanoTime();
            go.countDown();
            for (Thread worker : workers) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            long wall = System.nanoTime() - start;
            return new Result(target.name(), phase, latencies, wall, conditionalFailures.sum() - retriesBefore, failed.sum());
        }

        private int slotsFor(int ops) {
            return (ops + perSlot - 1) / perSlot;
        }

        private long timed(Target target, String slot, String opId, LongAdder failed) {
            long start = System.nanoTime();
            try {
                target.execute(slot, opId);
                return System.nanoTime() - start;
            } catch (RuntimeException e) {
                failed.increment();
                firstFailure.compareAndSet(null, e);
                return -1;
            }
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The same client, counting the conditional writes that failed: for the account store, its retries. */
    private static DynamoDbClient countingConditionalFailures(DynamoDbClient client, LongAdder failures) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[]{DynamoDbClient.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        if (e.getCause() instanceof ConditionalCheckFailedException) {
                            failures.increment();
                        }
                        throw e.getCause();
                    }
                });
    }
}
