package com.atelier.local.cli;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine;

/** Every command {@code ./atelier} takes, this program's and the script's, and the nearest to a mistyped one. */
final class CommandNames {

    private CommandNames() {
    }

    static List<String> all(CommandLine atelier) {
        return Stream.concat(atelier.getSubcommands().keySet().stream(),
                Arrays.stream(ScriptCommand.values()).map(ScriptCommand::commandName)).sorted().toList();
    }

    /**
     * The command a typo most likely meant: the fewest edits away, and no further than about a third of
     * its letters, so that a word meaning something else suggests nothing.
     */
    static Optional<String> nearest(CommandLine atelier, String typed) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return all(atelier).stream()
                .filter(name -> distance.apply(name, typed) <= Math.max(2, name.length() / 3))
                .min(Comparator.comparingInt((String name) -> distance.apply(name, typed)).thenComparing(name -> name));
    }

    static String unknown(CommandLine atelier, String typed) {
        return "atelier: unknown command '" + typed + "'."
                + nearest(atelier, typed).map(name -> " Did you mean '" + name + "'?").orElse("")
                + " ./atelier help lists every command.";
    }
}
