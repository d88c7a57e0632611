package com.atelier.tests.docs;

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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The documentation cannot rot: against {@code ./atelier up} started as a user would, every shell
 * example of docs/api.md marked {@code sh test} runs with bash, in order, in one shell that sourced
 * the stack's {@code env} file as the guide says, and the JavaScript example of docs/sdks.md
 * (tests/js/example.mjs) runs with Node through the official {@code openai} npm package.
 */
class DocumentedExamplesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};
    private static final Pattern MARKER = Pattern.compile("^@@(block (\\d+)|status (\\d{3}))$");

    private static Path home;
    private static Path work;
    private static Process stack;
    private static JsonNode state;

    @BeforeAll
    static void up() throws Exception {
        home = AtelierHome.locate();
        work = Files.createTempDirectory("documented-examples-it");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        stack = new ProcessBuilder("bash", home.resolve("atelier").toString(), "up", "--port", Integer.toString(port),
                "--state-dir", work.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("up.log").toFile()).start();
        Path stateFile = work.resolve("state/local.json");
        Process started = stack;
        await("atelier up writes " + stateFile).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .failFast("atelier up exited", () -> !started.isAlive())
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

    @Test
    void everyTestedShellExampleOfTheApiGuideRunsAndAnswersTheStatusesItNames() throws Exception {
        List<FencedBlocks.Block> blocks = FencedBlocks.of(home.resolve("docs/api.md")).testedShell();
        assertThat(blocks).hasSizeGreaterThan(10);
        Path shell = Files.createDirectories(work.resolve("shell"));
        copyExamples(shell);
        StringBuilder script = new StringBuilder()
                .append("set -euo pipefail\n")
                .append("source '").append(work.resolve("state/env")).append("'\n")
                // What the guide's readers run, plus one line per answer on stderr for the statuses.
                .append("curl() { command curl --write-out '%{stderr}@@status %{http_code}\\n' \"$@\"; }\n");
        for (int i = 0; i < blocks.size(); i++) {
            script.append("echo '@@block ").append(i).append("' >&2\n").append(blocks.get(i).body());
        }
        Path scriptFile = Files.writeString(shell.resolve("api-examples.sh"), script.toString());
        Process bash = new ProcessBuilder("bash", scriptFile.toString()).directory(shell.toFile())
                .redirectOutput(shell.resolve("stdout.txt").toFile()).redirectError(shell.resolve("stderr.txt").toFile())
                .start();
        assertThat(bash.waitFor(8, TimeUnit.MINUTES)).as("the examples end within 8 minutes").isTrue();
        List<String> stderr = Files.readAllLines(shell.resolve("stderr.txt"));

        Map<Integer, List<Integer>> statuses = new TreeMap<>();
        int current = -1;
        for (String line : stderr) {
            Matcher marker = MARKER.matcher(line);
            if (marker.matches() && marker.group(2) != null) {
                current = Integer.parseInt(marker.group(2));
                statuses.put(current, new ArrayList<>());
            } else if (marker.matches()) {
                statuses.get(current).add(Integer.parseInt(marker.group(3)));
            }
        }
        int stoppedIn = current;
        assertThat(bash.exitValue()).as("exit status of docs/api.md's examples, stopped in the block at line %d;"
                        + " stderr:%n%s%nstdout:%n%s", blocks.get(Math.max(stoppedIn, 0)).line(),
                String.join("\n", stderr), Files.readString(shell.resolve("stdout.txt"))).isZero();
        for (int i = 0; i < blocks.size(); i++) {
            FencedBlocks.Block block = blocks.get(i);
            assertThat(statuses.get(i)).as("HTTP statuses of the block at docs/api.md:%d", block.line())
                    .isNotEmpty()
                    .allSatisfy(status -> assertThat(block.expectedStatuses()).contains(status));
        }
        assertThat(Files.readAllBytes(shell.resolve("circle-and-square.png"))).startsWith(PNG_SIGNATURE);
        assertThat(Files.readAllBytes(shell.resolve("triangle.png"))).startsWith(PNG_SIGNATURE);
    }

    @Test
    void theJavaScriptExampleGeneratesEditsAndVariesThroughTheOfficialSdk() throws Exception {
        Path js = home.resolve("tests/js");
        Path npmLog = work.resolve("npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(js.toFile())
                .redirectErrorStream(true).redirectOutput(npmLog.toFile()).start();
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci ends within 5 minutes").isTrue();
        assertThat(npm.exitValue()).as("npm ci in tests/js: %s", Files.readString(npmLog)).isZero();

        Path run = Files.createDirectories(work.resolve("js"));
        ProcessBuilder node = new ProcessBuilder("node", js.resolve("example.mjs").toString()).directory(run.toFile())
                .redirectErrorStream(true).redirectOutput(run.resolve("output.txt").toFile());
        node.environment().put("ATELIER_URL", state.get("gatewayUrl").asText());
        node.environment().put("ATELIER_API_KEY", state.at("/accounts/demo/apiKey").asText());
        Process example = node.start();
        assertThat(example.waitFor(5, TimeUnit.MINUTES)).as("the example ends within 5 minutes").isTrue();
        String output = Files.readString(run.resolve("output.txt"));
        assertThat(example.exitValue()).as("node example.mjs: %s", output).isZero();
        assertThat(output).contains("generated circle-and-square.png")
                .containsPattern("edited: 2 images, first at http://127\\.0\\.0\\.1:\\d+/\\S+/results/")
                .containsPattern("varied: 2 images, first at http://127\\.0\\.0\\.1:\\d+/\\S+/results/");
        assertThat(Files.readAllBytes(run.resolve("circle-and-square.png"))).startsWith(PNG_SIGNATURE);
    }

    /** The guide names files under docs/examples/ from the repository's root; the shell runs in a folder of its own. */
    private static void copyExamples(Path shell) throws IOException {
        Path examples = Files.createDirectories(shell.resolve("docs/examples"));
        try (var files = Files.list(home.resolve("docs/examples"))) {
            for (Path file : files.toList()) {
                Files.copy(file, examples.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
