package com.atelier.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atelier.local.AtelierHome;
import com.atelier.local.servers.LocalCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@code ./atelier up} as a person runs it: a process of its own, started, stopped and started again. */
class UpProcessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final String TIMED_WARNING_OR_ERROR = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (WARN|ERROR) .*";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        started.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the holder of a port is read from Linux's /proc")
    void aTakenGatewayPortIsRefusedWithinASecondNamingItsHolderBeforeAnyServerStarts(@TempDir Path scratch) throws Exception {
        // What starting this JVM with this class path costs anyway, to tell the check's own time apart.
        long jvmMillis = Math.min(run(scratch.resolve("version-1.log"), "--version").millis(),
                run(scratch.resolve("version-2.log"), "--version").millis());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            Path log = scratch.resolve("up.log");
            Finished first = run(scratch.resolve("up-1.log"), "up", "--port", port, "--state-dir", scratch.resolve("state").toString());
            Finished refused = run(log, "up", "--port", port, "--state-dir", scratch.resolve("state").toString());

            String output = Files.readString(log);
            assertThat(List.of(first.exitCode(), refused.exitCode())).containsOnly(1);
            assertThat(output).contains("atelier up: port " + port + " on 127.0.0.1 is taken by pid "
                    + ProcessHandle.current().pid() + " (").doesNotContain("ready in");
            assertThat(Math.min(first.millis(), refused.millis()) - jvmMillis)
                    .as("the refusal's time beyond a bare JVM start (%d ms), in ms", jvmMillis).isLessThan(1000);
        }
    }

    @Test
    void s3KeepsItsPortAcrossARestartOnOneStateFolderSoAnImageUrlFromTheFirstRunStillLoads(@TempDir Path scratch) throws Exception {
        Path stateDir = scratch.resolve("state");
        String[] up = {"up", "--port", "0", "--no-worker", "--state-dir", stateDir.toString(),
                "--data-dir", scratch.resolve("data").toString()};
        Process first = start(scratch.resolve("first.log"), up);
        JsonNode firstState = awaitState(stateDir, first, scratch.resolve("first.log"));
        URI s3 = URI.create(firstState.at("/endpoints/s3").asText());
        String bucket = firstState.at("/resources/buckets/0").asText();
        byte[] image = "a PNG made before the restart".getBytes(StandardCharsets.UTF_8);
        URI imageUrl = putAndPresign(s3, bucket, "results/job_restart/0.png", image);
        assertThat(get(imageUrl).body()).isEqualTo(image);
        stop(first);

        Process second = start(scratch.resolve("second.log"), up);
        JsonNode secondState = awaitState(stateDir, second, scratch.resolve("second.log"));

        assertThat(secondState.at("/endpoints/s3").asText()).isEqualTo(s3.toString());
        HttpResponse<byte[]> again = get(imageUrl);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(image);
        stop(second);
    }

    @Test
    void aNormalStopLogsNoWarningOrErrorAndEachRequestIsOneLineWithItsAccount(@TempDir Path scratch) throws Exception {
        Path stateDir = scratch.resolve("state");
        Path log = scratch.resolve("up.log");
        Process stack = start(log, "up", "--port", "0", "--state-dir", stateDir.toString());
        JsonNode state = awaitState(stateDir, stack, log);
        URI gateway = URI.create(state.get("gatewayUrl").asText());
        HttpResponse<String> credits = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/v1/credits"))
                .header("Authorization", "Bearer " + state.at("/accounts/demo/apiKey").asText()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(credits.statusCode()).isEqualTo(200);
        String demoAccount = state.at("/accounts/demo/accountId").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("GET /v1/credits 200 "));

        stop(stack);

        String output = Files.readString(log);
        assertThat(output.lines().filter(line -> line.contains("GET /v1/credits 200 ")))
                .singleElement().asString().matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} GET /v1/credits 200 \\d+ ms account=" + demoAccount);
        assertThat(output).contains("Stopping the local stack");
        String afterStop = output.substring(output.indexOf("Stopping the local stack"));
        assertThat(afterStop.lines()).noneMatch(line -> line.matches(TIMED_WARNING_OR_ERROR))
                .noneMatch(line -> line.contains("Exception"));
        List<String> events = Files.readAllLines(stateDir.resolve("logs/events.jsonl"));
        assertThat(events).anyMatch(line -> line.contains("\"event\":\"worker_stopped\""));
        List<String> afterWorkerStopping = events.subList(
                indexOf(events, "\"event\":\"worker_stopping\""), events.size());
        assertThat(afterWorkerStopping).noneMatch(line -> line.contains("\"level\":\"WARN\"") || line.contains("\"level\":\"ERROR\""));
    }

    private record Finished(int exitCode, long millis) {
    }

    private Finished run(Path log, String... arguments) throws Exception {
        long startNanos = System.nanoTime();
        Process process = start(log, arguments);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("exited; its output is in %s", log).isTrue();
        return new Finished(process.exitValue(), (System.nanoTime() - startNanos) / 1_000_000);
    }

    private Process start(Path log, String... arguments) throws IOException {
        Path home = AtelierHome.locate();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Datelier.home=" + home, "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                "com.atelier.local.cli.AtelierCli"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // This test JVM's record of AWS calls is not the child's business.
        builder.environment().remove("ATELIER_AWS_CALL_LOG");
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** The state file of the stack, once it is up; a stack that stops before that fails the test with its log. */
    private static JsonNode awaitState(Path stateDir, Process stack, Path log) throws IOException {
        Path stateFile = stateDir.resolve("local.json");
        await().atMost(START_LIMIT).until(() -> Files.exists(stateFile) || !stack.isAlive());
        assertThat(stack.isAlive()).as("the stack is up; its output:%n%s", Files.readString(log)).isTrue();
        return JSON.readTree(stateFile.toFile());
    }

    /** Ctrl-C, as a person stops it: SIGTERM runs the same shutdown hook as SIGINT. */
    private static void stop(Process stack) throws InterruptedException {
        stack.destroy();
        assertThat(stack.waitFor(1, TimeUnit.MINUTES)).as("the stack stopped").isTrue();
    }

    private static URI putAndPresign(URI s3, String bucket, String key, byte[] content) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalCredentials.ACCESS_KEY_ID, LocalCredentials.SECRET_ACCESS_KEY));
        Region region = Region.of(LocalCredentials.REGION);
        try (S3Client client = S3Client.builder().endpointOverride(s3).region(region).credentialsProvider(credentials)
                .forcePathStyle(true)
                // S3Proxy refuses the SDK's default trailing checksums, as the stack's own client knows.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).build();
             S3Presigner presigner = S3Presigner.builder().endpointOverride(s3).region(region).credentialsProvider(credentials)
                     .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            client.putObject(put -> put.bucket(bucket).key(key).contentType("image/png"), RequestBody.fromBytes(content));
            return URI.create(presigner.presignGetObject(presign -> presign.signatureDuration(Duration.ofHours(1))
                    .getObjectRequest(get -> get.bucket(bucket).key(key))).url().toString());
        }
    }

    private static HttpResponse<byte[]> get(URI url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + fragment + " in " + lines);
    }
}
