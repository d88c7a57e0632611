package com.atelier.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.local.AtelierHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./atelier help} as a newcomer runs it, through the script: every command listed, the
 * script's own commands ({@code test}, {@code synth}) with their {@code --help}, and the nearest
 * command suggested for a typo, all without starting a stack.
 */
class AtelierHelpIT {

    private final Path home = AtelierHome.locate();

    private record Run(int exitCode, String output) {
    }

    private Run atelier(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("atelier").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void helpListsTheScriptsCommandsAndThisProgramsOnOneLineEach() throws Exception {
        Run help = atelier("help");

        assertThat(help.exitCode()).isZero();
        for (String command : List.of("up", "test", "synth", "generate", "edit", "vary", "worker", "chaos",
                "capacity-probe", "bench-worker", "help")) {
            assertThat(help.output()).as(command).containsPattern("(?m)^  " + command + " +\\S");
        }
    }

    @Test
    void theScriptsOwnCommandsHaveTheirHelpWithoutRunningThem() throws Exception {
        Run test = atelier("test", "--help");
        Run synth = atelier("synth", "-h");

        assertThat(test.exitCode()).isZero();
        assertThat(test.output()).contains("Usage: ./atelier test [MAVEN ARGS]").doesNotContain("BUILD");
        assertThat(synth.exitCode()).isZero();
        assertThat(synth.output()).contains("Usage: ./atelier synth [STAGES]");
    }

    @Test
    void aTypoOfAScriptCommandSuggestsIt() throws Exception {
        Run typo = atelier("sytnh");

        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.output()).contains("unknown command 'sytnh'. Did you mean 'synth'?");
    }
}
