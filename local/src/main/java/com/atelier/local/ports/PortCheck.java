package com.atelier.local.ports;

import com.atelier.local.LocalStackException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether the stack's fixed ports are free, asked before any server starts: a bind that fails names
 * the process that holds the port, and says so when it is another Atelier stack, from that stack's
 * state file ({@code local.json}, which records its pid).
 */
public final class PortCheck {

    private static final String CLI_CLASS = "com.atelier.local.cli.AtelierCli";

    private final PortOwners owners;

    public PortCheck(PortOwners owners) {
        this.owners = owners;
    }

    /** Whether a server could listen on {@code address:port} now (the probe's socket is closed at once). */
    public static boolean isFree(String address, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            // As the servers bind: a port left in TIME_WAIT by a stack that just stopped is free to them.
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address, port));
            return true;
        } catch (BindException e) {
            return false;
        } catch (IOException e) {
            throw new LocalStackException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param purpose what needs the port, as a sentence starts ("The API gateway")
     * @param remedy  the option that picks another port ("--port")
     * @throws LocalStackException naming who holds the port when it is taken
     */
    public void requireFree(String address, int port, String purpose, String remedy) {
        if (!isFree(address, port)) {
            throw new LocalStackException("port " + port + " on " + address + " is taken by " + holderOf(port)
                    + ". " + purpose + " needs it: stop that process, or choose another port with " + remedy + ".");
        }
    }

    /** Who listens on the port, in words. */
    public String holderOf(int port) {
        PortOwners.Listener listener = owners.listenerOn(port);
        if (listener instanceof PortOwners.Listener.Found found) {
            return found.process().describe() + atelierStack(found.process()).orElse("");
        }
        return listener instanceof PortOwners.Listener.Hidden
                ? "a process of another user (sudo ss -ltnp names it)"
                : "a process this machine's tables do not name";
    }

    /** ", another Atelier stack: …" when the holder runs {@code atelier up}. */
    private static Optional<String> atelierStack(ListeningProcess process) {
        List<String> arguments = process.arguments();
        int cli = arguments.indexOf(CLI_CLASS);
        if (cli < 0 || !arguments.subList(cli, arguments.size()).contains("up")) {
            return Optional.empty();
        }
        Path stateFile = inWorkingDirectoryOf(process, stateDir(arguments)).resolve("local.json");
        try {
            // Jackson is loaded here only, so that the common refusal is not slowed by it.
            JsonNode state = new ObjectMapper().readTree(stateFile.toFile());
            if (state.path("pid").asLong() == process.pid()) {
                return Optional.of(": another Atelier stack, up since " + state.path("startedAt").asText()
                        + " with its gateway on " + state.path("gatewayUrl").asText() + " (state in " + stateFile
                        + "; Ctrl-C in its terminal or kill " + process.pid() + " stops it)");
            }
        } catch (IOException e) {
            // Still starting, or stopped without removing its file: say what is known.
        }
        return Optional.of(": another Atelier stack (kill " + process.pid() + " stops it)");
    }

    private static Path inWorkingDirectoryOf(ListeningProcess process, Path path) {
        if (path.isAbsolute()) {
            return path;
        }
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")).resolve(path);
        } catch (IOException e) {
            return path.toAbsolutePath();
        }
    }

    /** Its {@code --state-dir}, else the {@code .atelier} folder of its checkout, as {@code up} chooses. */
    private static Path stateDir(List<String> arguments) {
        int option = arguments.indexOf("--state-dir");
        if (option >= 0 && option + 1 < arguments.size()) {
            return Path.of(arguments.get(option + 1));
        }
        for (String argument : arguments) {
            if (argument.startsWith("--state-dir=")) {
                return Path.of(argument.substring("--state-dir=".length()));
            }
            if (argument.startsWith("-Datelier.home=")) {
                return Path.of(argument.substring("-Datelier.home=".length())).resolve(".atelier");
            }
        }
        return Path.of(".atelier");
    }
}
