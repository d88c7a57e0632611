package com.atelier.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.local.AtelierHome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault and load suite's short version ({@code ./atelier chaos --short}): a stack of its own in
 * child processes, killed and faulted; every invariant must hold after each scenario.
 */
class ChaosSuiteIT {

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
