package com.atelier.local.cli;

import com.atelier.local.bench.CapacityProbe;
import com.atelier.local.bench.ColdStartBenchmark;
import com.atelier.local.bench.DebitBenchmark;
import com.atelier.local.bench.FaceCheckBenchmark;
import com.atelier.local.bench.ModerationBenchmark;
import com.atelier.local.bench.SubmitBenchmark;
import com.atelier.local.bench.WebhookBenchmark;
import com.atelier.local.bench.WorkerBenchmark;
import com.atelier.local.bench.UsageBenchmark;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;

/** {@code ./atelier}: the command line of the local stack and its tools. */
@Command(name = "atelier",
        mixinStandardHelpOptions = true,
        version = "Atelier 0.1.0",
        description = "Atelier on one machine.",
        subcommands = {HelpCommand.class, GenerateCommand.class, EditCommand.class, VaryCommand.class, UpCommand.class, BootstrapAdminCommand.class, ModerateCommand.class, EvalModelCommand.class, TokenizeCommand.class, DebitBenchmark.class, ModerationBenchmark.class, FaceCheckBenchmark.class, WorkerBenchmark.class, SubmitBenchmark.class, ColdStartBenchmark.class, CapacityProbe.class, WorkerCommand.class, ChaosCommand.class, WebhookBenchmark.class, UsageBenchmark.class})
public final class AtelierCli {

    /** A command's line in the list: its description's first sentence, cut to fit an 80-column terminal. */
    private static final int SUMMARY_COLUMNS = 56;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every command listed in its help, and a suggestion for a mistyped command. */
    public static CommandLine commandLine() {
        CommandLine atelier = new CommandLine(new AtelierCli());
        atelier.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                help -> commandList(atelier, help));
        atelier.setParameterExceptionHandler((failure, arguments) -> {
            CommandLine failed = failure.getCommandLine();
            if (failure instanceof CommandLine.UnmatchedArgumentException unmatched && failed == atelier
                    && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
                failed.getErr().println(CommandNames.unknown(atelier, unmatched.getUnmatched().get(0)));
                return CommandLine.ExitCode.USAGE;
            }
            failed.getErr().println(failure.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(failure, failed.getErr());
            failed.getErr().println(failed == atelier ? "./atelier help lists every command."
                    : "./atelier " + failed.getCommandName() + " --help explains its options.");
            return CommandLine.ExitCode.USAGE;
        });
        return atelier;
    }

    /** This program's commands and the script's own, one line each; {@code ./atelier help COMMAND} says more. */
    private static String commandList(CommandLine atelier, Help help) {
        Map<String, String> rows = new TreeMap<>();
        atelier.getSubcommands().forEach((name, command) ->
                rows.put(name, summary(String.join(" ", command.getCommandSpec().usageMessage().description()))));
        for (ScriptCommand command : ScriptCommand.values()) {
            rows.put(command.commandName(), summary(command.description()));
        }
        return help.createTextTable(rows).toString()
                + "%n./atelier help COMMAND, or ./atelier COMMAND --help, explains one command.%n".formatted();
    }

    private static String summary(String description) {
        String firstSentence = description.split("(?<=[.:])\\s", 2)[0].replaceAll("[.:]$", "");
        return firstSentence.length() <= SUMMARY_COLUMNS ? firstSentence
                : firstSentence.substring(0, SUMMARY_COLUMNS - 1).strip() + "…";
    }
}
