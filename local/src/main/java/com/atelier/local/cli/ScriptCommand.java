package com.atelier.local.cli;

import java.util.Arrays;
import java.util.Optional;

/**
 * The commands the {@code atelier} script runs itself, without this program (Maven and the CDK
 * toolkit): listed here so that {@code ./atelier help} names every command and can suggest them.
 */
enum ScriptCommand {
    TEST("test", "[MAVEN ARGS]", "Build and run every test with mvn -B verify (extra arguments go to Maven)."),
    SYNTH("synth", "[STAGES]", "Write the AWS CDK templates to infra/cdk.out (stages dev,prod unless named).");

    private final String commandName;
    private final String arguments;
    private final String description;

    ScriptCommand(String commandName, String arguments, String description) {
        this.commandName = commandName;
        this.arguments = arguments;
        this.description = description;
    }

    String commandName() {
        return commandName;
    }

    String description() {
        return description;
    }

    String usage() {
        return "Usage: ./atelier " + commandName + " " + arguments + "\n" + description + "\n";
    }

    static Optional<ScriptCommand> named(String name) {
        return Arrays.stream(values()).filter(command -> command.commandName.equals(name)).findFirst();
    }
}
