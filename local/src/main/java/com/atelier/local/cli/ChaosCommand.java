package com.atelier.local.cli;

import com.atelier.local.AtelierHome;
import com.atelier.local.chaos.ChaosSuite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./atelier chaos}: the fault and load suite against a stack of its own, on loopback. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Kill the worker and the stack, fail AWS calls and the network, soak: then check every job, object"
                + " and ledger. Prints the reliability table; exits 1 on any invariant violation.")
final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--short", description = "The test run's version: 5 worker kills, 60 s of faults, a 30 s soak.")
    boolean shortRun;

    @Option(names = "--soak-minutes", defaultValue = "20", description = "Length of the soak (default: ${DEFAULT-VALUE}).")
    int soakMinutes;

    @Option(names = "--seed", defaultValue = "17", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", description = "Where the stack's data and the processes' logs go (default: a new temporary folder).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        ChaosSuite.Plan plan = shortRun ? ChaosSuite.Plan.SHORT : ChaosSuite.Plan.full(Duration.ofMinutes(soakMinutes), seed);
        Path dir = workDir != null ? workDir : Files.createTempDirectory("atelier-chaos-");
        System.out.println("atelier chaos: " + plan + "; data and logs in " + dir);
        long started = System.nanoTime();
        List<ChaosSuite.Scenario> scenarios = new ChaosSuite(plan, AtelierHome.locate(), dir, System.out).run();
        System.out.printf("%n%s%nTook %.1f min.%n", ChaosSuite.table(scenarios), (System.nanoTime() - started) / 60e9);
        return scenarios.stream().allMatch(scenario -> scenario.violations().isEmpty()) ? 0 : 1;
    }
}
