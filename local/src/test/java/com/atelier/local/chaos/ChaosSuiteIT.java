package com.atelier.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.local.AtelierHome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault and load suite's short version ({@code ./atelier chaos --short}): a stack of its own in
 * child processes, killed and faulted; every invariant must hold after each scenario.
 */
class ChaosSuiteIT {

    // Until a function that outlives the gateway's 10 s timeout while the SDK retries a failing
    // dependency answers 503: today it is interrupted (AbortedException) and answers 500.
    @Disabled("issue 17: with every AWS call failing, GET /v1/credits and POST /v1/jobs answer 500 after 10 s, not 503")
    @Test
    void everyJobEndsOnceAndEveryLedgerAddsUpThroughKillsFaultsAndLoad(@TempDir Path workDir) throws Exception {
        List<ChaosSuite.Scenario> scenarios = new ChaosSuite(ChaosSuite.Plan.SHORT, AtelierHome.locate(), workDir, System.out).run();

        assertThat(scenarios).hasSize(5);
        assertThat(scenarios).allSatisfy(scenario -> {
            assertThat(scenario.violations()).as(scenario.name()).isEmpty();
            assertThat(scenario.serverErrors()).as(scenario.name() + ": 5xx (other than 503 while dependencies are down)").isZero();
        });
    }
}
