package com.atelier.local.ports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which process listens on a TCP port, from Linux's own tables: {@code /proc/net/tcp} and {@code tcp6}
 * give the listening socket's inode, and the {@code /proc/<pid>/fd} links that point at
 * {@code socket:[inode]} give its process, as {@code ss -ltnp} finds it. Only processes this user may
 * inspect are seen; a socket of another user's process is reported as such.
 */
public final class PortOwners {

    /** {@code st} of a listening socket in /proc/net/tcp (TCP_LISTEN). */
    private static final String LISTEN = "0A";

    private final Path proc;

    public PortOwners() {
        this(Path.of("/proc"));
    }

    PortOwners(Path proc) {
        this.proc = proc;
    }

    /** What is known of the listener on {@code port}. */
    public sealed interface Listener permits Listener.Found, Listener.Hidden, Listener.Unknown {
        /** A process of this user. */
        record Found(ListeningProcess process) implements Listener {
        }

        /** A listening socket whose process this user may not inspect (another user's, or the kernel's). */
        record Hidden() implements Listener {
        }

        /** No listening socket on that port in the tables (not Linux, or the port is held another way). */
        record Unknown() implements Listener {
        }
    }

    public Listener listenerOn(int port) {
        Set<String> inodes = listeningInodes(port);
        if (inodes.isEmpty()) {
            return new Listener.Unknown();
        }
        return owner(inodes).<Listener>map(Listener.Found::new).orElseGet(Listener.Hidden::new);
    }

    private Set<String> listeningInodes(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(proc.resolve(table), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                continue;
            }
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length < 10 || !LISTEN.equals(columns[3])) {
                    continue;
                }
                String localAddress = columns[1];
                int localPort = Integer.parseInt(localAddress.substring(localAddress.lastIndexOf(':') + 1), 16);
                if (localPort == port && !"0".equals(columns[9])) {
                    inodes.add(columns[9]);
                }
            }
        }
        return inodes;
    }

    private Optional<ListeningProcess> owner(Set<String> inodes) {
        Set<String> links = new HashSet<>();
        inodes.forEach(inode -> links.add("socket:[" + inode + "]"));
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, entry -> entry.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                if (holdsAny(process, links)) {
                    long pid = Long.parseLong(process.getFileName().toString());
                    return Optional.of(new ListeningProcess(pid, arguments(process)));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean holdsAny(Path process, Set<String> links) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    if (links.contains(Files.readSymbolicLink(descriptor).toString())) {
                        return true;
                    }
                } catch (IOException e) {
                    // The descriptor was closed while we looked: not the one we want.
                }
            }
        } catch (IOException | SecurityException e) {
            // Another user's process, or one that just ended.
        }
        return false;
    }

    /** The process's arguments, which /proc separates with NUL bytes. */
    private static List<String> arguments(Path process) {
        try {
            String raw = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
            return Arrays.stream(raw.split("\0")).filter(argument -> !argument.isEmpty()).toList();
        } catch (IOException e) {
            return List.of("(command line unreadable)");
        }
    }
}
