package com.atelier.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class AtelierCliTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run atelier(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AtelierCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(arguments), out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommandOnOneLineEach() {
        Run help = atelier("help");
        List<String> commands = CommandNames.all(AtelierCli.commandLine());

        assertThat(help.exitCode()).isZero();
        assertThat(commands).contains("up", "test", "synth", "generate", "edit", "vary", "worker", "chaos",
                "bench-worker", "capacity-probe", "help");
        List<String> lines = help.out().lines().toList();
        for (String command : commands) {
            assertThat(lines).as(command).anyMatch(line -> line.matches("  " + command + " +\\S.*"));
        }
        int first = lines.indexOf("Commands:") + 1;
        assertThat(lines.subList(first, first + commands.size())).as("no line wraps")
                .allMatch(line -> line.matches("  \\S+ +\\S.*"));
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String command : CommandNames.all(AtelierCli.commandLine())) {
            Run help = atelier("help", command);
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).contains("Usage:").contains(command);
        }
        assertThat(atelier("generate", "--help").out()).contains("--seed").contains("Exit codes");
    }

    @Test
    void everyCommandOfThisProgramTakesHelpAsAnOption() {
        for (String command : AtelierCli.commandLine().getSubcommands().keySet()) {
            Run help = atelier(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: atelier " + command);
        }
    }

    @ParameterizedTest
    @CsvSource({"tset, test", "genrate, generate", "vray, vary", "wroker, worker", "syth, synth"})
    void anUnknownCommandSuggestsTheNearestByName(String typed, String meant) {
        Run run = atelier(typed);

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err().strip()).isEqualTo("atelier: unknown command '" + typed + "'. Did you mean '" + meant
                + "'? ./atelier help lists every command.");
    }

    @Test
    void aWordFarFromEveryCommandSuggestsNone() {
        assertThat(atelier("photosynthesis").err()).doesNotContain("Did you mean");
        assertThat(atelier("help", "photosynthesis").err()).contains("unknown command 'photosynthesis'");
    }

    @Test
    void aClientCommandWithoutItsArgumentsIsBadUsage() {
        Run run = atelier("edit", "image.png", "--mask", "mask.png", "--area", "0,0,1,1", "a red circle");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("mutually exclusive");
    }
}
