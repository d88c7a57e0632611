package com.atelier.local.ports;

import java.util.List;

/** A process that listens on a TCP port, as a person would recognise it: its pid and command line. */
public record ListeningProcess(long pid, List<String> arguments) {

    public ListeningProcess {
        arguments = List.copyOf(arguments);
    }

    public String commandLine() {
        return String.join(" ", arguments);
    }

    /** {@code pid 1234 (java -cp … AtelierCli up)}, the command cut short so that a message stays readable. */
    public String describe() {
        // An argument may hold a newline (python3 -c "…"); the message stays one line.
        String commandLine = commandLine().replaceAll("\\s+", " ");
        String shown = commandLine.length() <= 160 ? commandLine : commandLine.substring(0, 157) + "...";
        return "pid " + pid + " (" + shown + ")";
    }
}
