package com.atelier.local.chaos;

import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The fault and load suite: real faults against the real local servers, bounded in count and time,
 * on loopback. One stack (processes the suite can kill, on a data folder) goes through, in order:
 * worker kills at random steps of running jobs, AWS errors and a misbehaving network, a dependency
 * that stays down, a kill of the whole stack mid-load and its restart, and a steady soak. After each,
 * {@link InvariantCheck} reads the servers and lists what does not hold.
 */
public final class ChaosSuite {

    /** How much of each fault; {@link #SHORT} is the test run's, {@link #full} the command's. */
    public record Plan(int workerKills, Duration faultWindow, double awsFaultShare, FaultProxy.Faults networkFaults,
                       Duration loadBeforeStackKill, Duration soak, double requestsPerSecond, int workerSteps, long seed) {

        public static final Plan SHORT = new Plan(5, Duration.ofSeconds(60), 0.10, new FaultProxy.Faults(20, 0.02, 0.005),
                Duration.ofSeconds(15), Duration.ofSeconds(30), 2, 20, 17);

        public static Plan full(Duration soak, long seed) {
            return new Plan(50, Duration.ofMinutes(5), 0.10, new FaultProxy.Faults(20, 0.02, 0.005),
                    Duration.ofSeconds(60), soak, 2, 20, seed);
        }
    }

    /** One row of the reliability table. */
    public record Scenario(String name, String faults, long requests, long serverErrors, long unanswered,
                           List<String> violations, String recovery) {
    }

    /** Long enough for a killed job's message to come back five times and its dead letter to refund it. */
    private static final Duration JOBS_END_LIMIT = Duration.ofMinutes(4);
    /** The reconciler's grace and one pass more, for a queued job a kill left unpaid. */
    private static final Duration JOBS_END_AFTER_RESTART_LIMIT = Duration.ofMinutes(5);
    private static final int ACCOUNTS = 4;
    /** Each may take the gateway's whole timeout while the SDK retries. */
    private static final int DOWN_REQUESTS = 10;
    private static final int CREDITS_GRANTED = 5_000;
    private static final Duration SOAK_SAMPLE = Duration.ofSeconds(10);
    /** About a job's run here (20 steps of the bundled model, 1 to 3 images), from first step to stored images. */
    private static final Duration KILL_WINDOW = Duration.ofMillis(1_200);

    private final Plan plan;
    private final Path home;
    private final Path workDir;
    private final PrintStream log;
    private final List<Scenario> scenarios = new ArrayList<>();
    private final List<String> accountIds = new ArrayList<>();
    private final List<Traffic.Caller> callers = new ArrayList<>();

    public ChaosSuite(Plan plan, Path home, Path workDir, PrintStream log) {
        this.plan = plan;
        this.home = home;
        this.workDir = workDir;
        this.log = log;
    }

    /** Runs every scenario in order; @return their rows, with every violation found. */
    public List<Scenario> run() throws IOException {
        Files.createDirectories(workDir);
        Path faultControl = workDir.resolve("aws-faults");
        Files.writeString(faultControl, "");
        ChildProcesses children = new ChildProcesses(home, workDir);
        try (StackSession session = new StackSession(children, workDir, faultControl, plan.workerSteps())) {
            session.startStack();
            session.startWorker();
            callers.addAll(openAccounts(session));
            try (Traffic traffic = new Traffic(session.gatewayUrl(), callers, plan.seed())) {
                workerKills(session, traffic);
                dependencyFaults(session, traffic, faultControl);
                dependencyDown(session, traffic, faultControl);
                stackKill(session, traffic);
                soak(session, traffic);
            }
        }
        return List.copyOf(scenarios);
    }

    private List<Traffic.Caller> openAccounts(StackSession session) {
        Traffic admin = new Traffic(session.gatewayUrl(), List.of(), plan.seed());
        Traffic.Caller adminCaller = new Traffic.Caller("admin", session.adminApiKey());
        long expiresAt = Instant.now().plus(Duration.ofDays(60)).getEpochSecond();
        List<Traffic.Caller> callers = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            Traffic.Answer opened = admin.send(adminCaller, "POST", "/v1/admin/accounts", Map.of());
            require(opened.status() == 201, "opening an account answered " + opened.status() + " " + opened.body());
            String accountId = opened.body().get("id").asText();
            Traffic.Answer granted = admin.send(adminCaller, "POST", "/v1/admin/accounts/" + accountId + "/grants",
                    Map.of("credits", CREDITS_GRANTED, "expires_at", expiresAt));
            require(granted.status() == 201, "a grant answered " + granted.status() + " " + granted.body());
            accountIds.add(accountId);
            callers.add(new Traffic.Caller(accountId, opened.body().at("/api_key/key").asText()));
        }
        return callers;
    }

    /**
     * kill -9 of the worker while a job runs, at a moment drawn at random in the job's run (progress is
     * written at most every half second, so the step is known only after the kill, from the next attempt).
     */
    private void workerKills(StackSession session, Traffic traffic) throws IOException {
        log.printf("worker kills: %d at random moments of running jobs%n", plan.workerKills());
        SplittableRandom random = new SplittableRandom(plan.seed());
        long requestsBefore = traffic.requests();
        long errorsBefore = traffic.serverErrorCount(0);
        long unansweredBefore = traffic.unanswered();
        traffic.start(plan.requestsPerSecond(), 8);
        int kills = 0;
        List<String> violations = new ArrayList<>();
        Set<String> killedAttempts = new HashSet<>();
        for (int i = 0; i < plan.workerKills(); i++) {
            Duration delay = Duration.ofMillis(random.nextInt((int) KILL_WINDOW.toMillis()));
            Optional<JobRecord> running = awaitRunningJob(session, killedAttempts, Duration.ofMinutes(2));
            if (running.isEmpty()) {
                violations.add("no job ran within 2 minutes (worker alive: " + session.workerAlive() + ")");
                break;
            }
            killedAttempts.add(running.get().jobId() + "#" + running.get().attempt());
            Waiting.pause(delay);
            session.killWorker();
            kills++;
            log.printf("  kill %d: %d ms after job %s was seen running%n", kills, delay.toMillis(), running.get().jobId());
            session.startWorker();
        }
        traffic.stop();
        InvariantCheck.Outcome outcome = InvariantCheck.check(session, accountIds, JOBS_END_LIMIT);
        violations.addAll(outcome.violations());
        record(new Scenario("worker killed (kill -9) at random moments of running jobs", kills + " kills",
                traffic.requests() - requestsBefore, traffic.serverErrorCount(0) - errorsBefore,
                traffic.unanswered() - unansweredBefore, violations,
                "every job ended " + seconds(outcome.settledIn()) + " after the load; " + outcome.outcomesRedelivered()
                        + " lost stream records delivered again; " + outcome.jobs() + " jobs so far"));
    }

    /** A job the live worker runs: not an attempt of a killed one, which stays running until its message comes back. */
    private static Optional<JobRecord> awaitRunningJob(StackSession session, Set<String> killedAttempts, Duration limit) {
        JobRecord[] found = new JobRecord[1];
        boolean reached = Waiting.until(limit, Duration.ofMillis(50), () -> {
            found[0] = session.wiring().jobs().inStatusSince(JobStatus.RUNNING, Instant.now().plusSeconds(1), 20).stream()
                    .filter(job -> !killedAttempts.contains(job.jobId() + "#" + job.attempt())).findFirst().orElse(null);
            return found[0] != null;
        });
        return reached ? Optional.of(found[0]) : Optional.empty();
    }

    /** AWS errors on a share of every process's calls, and the worker's connections through a faulty network. */
    private void dependencyFaults(StackSession session, Traffic traffic, Path faultControl) throws IOException {
        log.printf("dependency faults: %s of AWS calls fail, network %s, for %s%n", plan.awsFaultShare(), plan.networkFaults(),
                plan.faultWindow());
        session.killWorker();
        session.proxyWorkerCalls(plan.seed());
        session.startWorker();
        long requestsBefore = traffic.requests();
        long errorsBefore = traffic.serverErrorCount(0);
        long unansweredBefore = traffic.unanswered();
        Files.writeString(faultControl, plan.awsFaultShare() + " " + plan.seed());
        session.injectNetworkFaults(plan.networkFaults());
        traffic.start(plan.requestsPerSecond(), 8);
        Waiting.pause(plan.faultWindow());
        traffic.stop();
        Files.writeString(faultControl, "");
        session.injectNetworkFaults(FaultProxy.Faults.NONE);
        InvariantCheck.Outcome outcome = InvariantCheck.check(session, accountIds, JOBS_END_LIMIT);
        FaultProxy.Counts network = session.networkFaults();
        record(new Scenario("AWS errors " + percent(plan.awsFaultShare()) + " + faulty network (worker)",
                injectedAwsFaults(faultControl) + " AWS errors, " + network.resets() + " resets, " + network.halfOpen()
                        + " half-open, " + network.delayedChunks() + " delayed chunks",
                traffic.requests() - requestsBefore, traffic.serverErrorCount(0) - errorsBefore,
                traffic.unanswered() - unansweredBefore, outcome.violations(),
                "every job ended " + seconds(outcome.settledIn()) + " after the faults stopped; "
                        + outcome.outcomesRedelivered() + " lost stream records delivered again"));
    }

    /** Every AWS call fails for a while: the API answers 503, never 500, and is back as soon as its dependencies are. */
    private void dependencyDown(StackSession session, Traffic traffic, Path faultControl) throws IOException {
        log.println("dependencies down: every AWS call fails");
        long requestsBefore = traffic.requests();
        long unansweredBefore = traffic.unanswered();
        long unavailableBefore = traffic.answered(503);
        long errorsBefore = traffic.serverErrorCount(503);
        Files.writeString(faultControl, "1.0 " + plan.seed());
        // Past the injector's reload period in each process.
        Waiting.pause(Duration.ofSeconds(1));
        Traffic.Caller user = callers.get(0);
        for (int i = 0; i < DOWN_REQUESTS / 2; i++) {
            traffic.send(user, "GET", "/v1/credits", null);
            traffic.send(user, "POST", "/v1/jobs", Map.of("kind", "generation", "prompt", "a yellow star", "n", 1, "size", "256x256"));
        }
        Files.writeString(faultControl, "");
        long restored = System.nanoTime();
        boolean back = Waiting.until(Duration.ofMinutes(1), Duration.ofMillis(100),
                () -> traffic.send(user, "GET", "/v1/credits", null).status() == 200);
        Duration recovery = Duration.ofNanos(System.nanoTime() - restored);
        List<String> violations = new ArrayList<>();
        long otherErrors = traffic.serverErrorCount(503) - errorsBefore;
        if (otherErrors > 0) {
            violations.add(otherErrors + " answers were 5xx other than 503: " + traffic.serverErrors());
        }
        if (!back) {
            violations.add("the API did not answer 200 within a minute of its dependencies coming back");
        }
        InvariantCheck.Outcome outcome = InvariantCheck.check(session, accountIds, JOBS_END_LIMIT);
        violations.addAll(outcome.violations());
        record(new Scenario("every AWS call fails (dependency down)", "100% of AWS calls for " + DOWN_REQUESTS + " requests",
                traffic.requests() - requestsBefore, otherErrors, traffic.unanswered() - unansweredBefore, violations,
                (traffic.answered(503) - unavailableBefore) + " answers 503; 200 again " + seconds(recovery) + " after"));
    }

    /** kill -9 of the stack, its servers and the worker mid-load, then a start on the same data. */
    private void stackKill(StackSession session, Traffic traffic) throws IOException {
        log.printf("stack kill: load for %s, kill -9 of everything, restart on the data folder%n", plan.loadBeforeStackKill());
        long requestsBefore = traffic.requests();
        long errorsBefore = traffic.serverErrorCount(0);
        long unansweredBefore = traffic.unanswered();
        traffic.start(plan.requestsPerSecond(), 8);
        Waiting.pause(plan.loadBeforeStackKill());
        long unfinished = accountIds.stream().flatMap(id -> InvariantCheck.jobsOf(session.wiring().jobs(), id).stream())
                .filter(job -> !job.isFinished()).count();
        session.killAll();
        long killed = System.nanoTime();
        session.startStack();
        traffic.retarget(session.gatewayUrl());
        Duration restart = Duration.ofNanos(System.nanoTime() - killed);
        session.startWorker();
        Waiting.pause(Duration.ofSeconds(10));
        traffic.stop();
        InvariantCheck.Outcome outcome = InvariantCheck.check(session, accountIds, JOBS_END_AFTER_RESTART_LIMIT);
        record(new Scenario("whole stack killed (kill -9) mid-load, restarted on --data-dir",
                "1 kill with " + unfinished + " jobs unfinished", traffic.requests() - requestsBefore,
                traffic.serverErrorCount(0) - errorsBefore, traffic.unanswered() - unansweredBefore, outcome.violations(),
                "stack answering " + seconds(restart) + " after the kill; every job ended " + seconds(outcome.settledIn())
                        + " after the load; " + outcome.outcomesRedelivered() + " lost stream records delivered again"));
    }

    /** A steady rate of mixed requests; resident memory sampled after a warm-up of a quarter of the time. */
    private void soak(StackSession session, Traffic traffic) {
        log.printf("soak: %s at %s requests/s%n", plan.soak(), plan.requestsPerSecond());
        long requestsBefore = traffic.requests();
        long errorsBefore = traffic.serverErrorCount(0);
        long unansweredBefore = traffic.unanswered();
        Duration warmUp = plan.soak().dividedBy(4);
        traffic.start(plan.requestsPerSecond(), 8);
        long started = System.nanoTime();
        Waiting.pause(warmUp);
        Supplier<Long> resident = () -> ChildProcesses.residentKib(session.stackProcess())
                + ChildProcesses.residentKib(session.workerProcess());
        long afterWarmUp = resident.get();
        long peak = afterWarmUp;
        while (System.nanoTime() - started < plan.soak().toNanos()) {
            Waiting.pause(SOAK_SAMPLE);
            peak = Math.max(peak, resident.get());
        }
        long atEnd = resident.get();
        traffic.stop();
        InvariantCheck.Outcome outcome = InvariantCheck.check(session, accountIds, JOBS_END_LIMIT);
        List<String> violations = new ArrayList<>(outcome.violations());
        double growth = (atEnd - afterWarmUp) / (double) afterWarmUp;
        // Only a soak of ten minutes or more says anything about a leak; a shorter one still reports the figure.
        if (plan.soak().compareTo(Duration.ofMinutes(10)) >= 0 && growth >= 0.10) {
            violations.add(String.format("resident memory grew %.1f%% after the warm-up", growth * 100));
        }
        record(new Scenario("soak: steady mixed load for " + plan.soak().toMinutes() + " min " + plan.soak().toSecondsPart() + " s",
                "none", traffic.requests() - requestsBefore, traffic.serverErrorCount(0) - errorsBefore,
                traffic.unanswered() - unansweredBefore, violations,
                String.format("RSS (stack, servers, worker) %d MiB after warm-up, %d MiB at the end (%+.1f%%), peak %d MiB",
                        afterWarmUp / 1024, atEnd / 1024, growth * 100, peak / 1024)));
    }

    private void record(Scenario scenario) {
        scenarios.add(scenario);
        log.printf("  %s: %d requests, %d 5xx, %d unanswered, %d violations; %s%n", scenario.name(), scenario.requests(),
                scenario.serverErrors(), scenario.unanswered(), scenario.violations().size(), scenario.recovery());
        scenario.violations().forEach(violation -> log.println("    VIOLATION " + violation));
    }

    /** Faults the processes' injectors counted, read from their count files. */
    private static long injectedAwsFaults(Path faultControl) throws IOException {
        long total = 0;
        try (var files = Files.list(faultControl.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(faultControl.getFileName() + ".")
                    && f.getFileName().toString().endsWith(".injected")).toList()) {
                total += Long.parseLong(Files.readString(file).trim());
            }
        }
        return total;
    }

    /** The scenarios as a Markdown table, for docs/benchmarks.md. */
    public static String table(List<Scenario> scenarios) {
        StringBuilder table = new StringBuilder(
                "| Scenario | Faults injected | Requests | 5xx | No answer | Invariant violations | Recovery |\n"
                        + "|---|---|---:|---:|---:|---:|---|\n");
        scenarios.forEach(s -> table.append(String.format("| %s | %s | %d | %d | %d | %d | %s |%n", s.name(), s.faults(),
                s.requests(), s.serverErrors(), s.unanswered(), s.violations().size(), s.recovery())));
        return table.toString();
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
