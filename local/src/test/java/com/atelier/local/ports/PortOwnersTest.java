package com.atelier.local.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atelier.local.LocalStackException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class PortOwnersTest {

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the owner is read from Linux's /proc")
    void aListeningSocketOfThisJvmIsFoundWithThisJvmsPidAndCommandLine() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            PortOwners.Listener listener = new PortOwners().listenerOn(socket.getLocalPort());

            assertThat(listener).isInstanceOf(PortOwners.Listener.Found.class);
            ListeningProcess process = ((PortOwners.Listener.Found) listener).process();
            ProcessHandle.Info self = ProcessHandle.current().info();
            assertThat(process.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(process.arguments().subList(1, process.arguments().size()))
                    .containsExactlyElementsOf(java.util.List.of(self.arguments().orElseThrow()));
            assertThat(process.describe()).startsWith("pid " + ProcessHandle.current().pid() + " (");
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the owner is read from Linux's /proc")
    void aTakenPortIsRefusedNamingTheProcessThatHoldsIt() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();

            assertThat(PortCheck.isFree("127.0.0.1", port)).isFalse();
            assertThatThrownBy(() -> new PortCheck(new PortOwners()).requireFree("127.0.0.1", port, "The API gateway", "--port"))
                    .isInstanceOf(LocalStackException.class)
                    .hasMessageStartingWith("port " + port + " on 127.0.0.1 is taken by pid " + ProcessHandle.current().pid() + " (")
                    .hasMessageEndingWith(". The API gateway needs it: stop that process, or choose another port with --port.");
        }
    }

    @Test
    void aPortNobodyListensOnHasNoListener() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(new PortOwners().listenerOn(port)).isInstanceOf(PortOwners.Listener.Unknown.class);
        assertThat(PortCheck.isFree("127.0.0.1", port)).isTrue();
    }

    @Test
    void anotherAtelierStackIsRecognisedFromItsStateFile(@TempDir Path scratch) throws Exception {
        Path proc = scratch.resolve("proc");
        Path stateDir = scratch.resolve("state");
        // /proc as Linux shows a stack on port 8080 (0x1F90): its socket's inode, its descriptor, its command.
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 424242 1 0000000000000000 100 0 0 10 0
                """);
        Files.createDirectories(proc.resolve("4242/fd"));
        Files.createSymbolicLink(proc.resolve("4242/fd/17"), Path.of("socket:[424242]"));
        Files.writeString(proc.resolve("4242/cmdline"), String.join("\0", "java", "-cp", "local.jar",
                "com.atelier.local.cli.AtelierCli", "up", "--state-dir", stateDir.toString()) + "\0", StandardCharsets.UTF_8);
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve("local.json"), """
                {"gatewayUrl": "http://127.0.0.1:8080", "pid": 4242, "startedAt": "2026-12-07T20:00:00Z"}
                """);

        String holder = new PortCheck(new PortOwners(proc)).holderOf(8080);

        assertThat(holder).startsWith("pid 4242 (java -cp local.jar com.atelier.local.cli.AtelierCli up --state-dir ")
                .contains(": another Atelier stack, up since 2026-12-07T20:00:00Z with its gateway on http://127.0.0.1:8080 (state in "
                        + stateDir.resolve("local.json"));
    }
}
