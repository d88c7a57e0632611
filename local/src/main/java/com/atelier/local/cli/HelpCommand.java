package com.atelier.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./atelier help [COMMAND]}: every command with one line each, or one command's own help. */
@Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true, description = "List every command, or show one command's help.")
final class HelpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command to explain.")
    String command;

    @Override
    public Integer call() {
        CommandLine atelier = spec.parent().commandLine();
        if (command == null) {
            atelier.usage(atelier.getOut());
            return 0;
        }
        CommandLine subcommand = atelier.getSubcommands().get(command);
        if (subcommand != null) {
            subcommand.usage(atelier.getOut());
            return 0;
        }
        if (ScriptCommand.named(command).isPresent()) {
            atelier.getOut().print(ScriptCommand.named(command).get().usage());
            atelier.getOut().flush();
            return 0;
        }
        atelier.getErr().println(CommandNames.unknown(atelier, command));
        atelier.getErr().flush();
        return CommandLine.ExitCode.USAGE;
    }
}
