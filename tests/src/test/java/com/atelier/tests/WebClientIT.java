package com.atelier.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atelier.local.AtelierHome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web client in a real browser: {@code ./atelier up} as a separate process (which builds web/),
 * then {@code web/tests/browser.mjs}, playwright-core driving Debian's Chromium through every page on
 * a desktop and a phone (sign-in, create, edit with a painted mask, variations, a refused prompt,
 * history, a test-mode purchase, admin, the dashboard, axe-core on each page). Chromium is installed
 * with apt-get when missing; the test is skipped, saying why, only when that cannot be done.
 * Screenshots go to {@code tests/target/screenshots}, or where {@code -Datelier.web.screenshots} says
 * ({@code docs/screenshots} refreshes the README's).
 */
class WebClientIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration BROWSER_RUN = Duration.ofMinutes(9);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Process stack;
    private static Path work;
    private static Path home;
    private static JsonNode state;

    @BeforeAll
    static void up() throws Exception {
        ensureChromium();
        home = AtelierHome.locate();
        work = Files.createTempDirectory("web-client-it");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        stack = new ProcessBuilder("bash", home.resolve("atelier").toString(), "up", "--port", Integer.toString(port),
                "--state-dir", work.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("up.log").toFile()).start();
        Path stateFile = work.resolve("state/local.json");
        Process started = stack;
        await("atelier up writes " + stateFile).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .failFast("atelier up exited: " + work.resolve("up.log"), () -> !started.isAlive())
                .until(() -> Files.exists(stateFile));
        state = JSON.readTree(stateFile.toFile());
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.descendants().forEach(ProcessHandle::destroy);
            stack.destroy();
            stack.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Debian's package, installed as ./atelier installs its other tools; Playwright's own browser download is never used. */
    private static void ensureChromium() throws InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            List<String> install = List.of("apt-get", "install", "-y", "-qq", "chromium");
            boolean root = "root".equals(System.getProperty("user.name"));
            for (List<String> command : List.of(root ? List.of("apt-get", "update", "-qq") : List.of("sudo", "-n", "apt-get", "update", "-qq"),
                    root ? install : concat(List.of("sudo", "-n"), install))) {
                try {
                    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                    builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
                    builder.start().waitFor(10, TimeUnit.MINUTES);
                } catch (IOException e) {
                    break;
                }
            }
        }
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM
                + " and `apt-get install chromium` could not install it (no apt-get, no root, or no package source)");
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    @Test
    void everyPageWorksInChromiumOnADesktopAndAPhone() throws Exception {
        Path screenshots = home.resolve(System.getProperty("atelier.web.screenshots", "tests/target/screenshots"));
        Path log = work.resolve("browser.log");
        ProcessBuilder builder = new ProcessBuilder("node", "web/tests/browser.mjs").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "ATELIER_URL", state.get("gatewayUrl").asText(),
                "ATELIER_API_KEY", state.at("/accounts/demo/apiKey").asText(),
                "ATELIER_ADMIN_API_KEY", state.at("/accounts/admin/apiKey").asText(),
                "SCREENSHOT_DIR", screenshots.toString(),
                "CHROMIUM", CHROMIUM.toString()));
        Process browser = builder.start();
        boolean finished = browser.waitFor(BROWSER_RUN.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            browser.descendants().forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly();
        }
        String output = Files.readString(log);
        // The figures (time to first image) reach the build log and docs/benchmarks.md from here.
        System.out.println(output);
        assertThat(finished).as("the browser run ended within %s", BROWSER_RUN).isTrue();
        assertThat(browser.exitValue()).as("browser steps:%n%s", output).isZero();
        assertThat(output).contains("all steps passed").contains("figure time_to_first_image_ms=");
    }
}
