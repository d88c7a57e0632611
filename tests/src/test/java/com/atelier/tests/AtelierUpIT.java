package com.atelier.tests;

import com.atelier.local.AtelierHome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./atelier up} as a newcomer runs it: a separate process that comes up healthy, keeps its data
 * in {@code --data-dir} across a restart, leaves no child process behind after Ctrl-C, and says
 * clearly why it cannot start.
 */
class AtelierUpIT {

    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path home = AtelierHome.locate();
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path work;

    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void ctrlCStopsEveryChildAndTheDataDirSurvivesARestart() throws Exception {
        Path dataDir = work.resolve("data");
        Path stateDir = work.resolve("state");
        int port = freePort();

        Process first = up(List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString(),
                "--state-dir", stateDir.toString()), Map.of());
        JsonNode state = awaitState(first, stateDir.resolve("local.json"));
        assertThat(state.get("gatewayUrl").asText()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(health(URI.create(state.get("gatewayUrl").asText()))).isEqualTo(200);
        assertThat(credits(URI.create(state.get("gatewayUrl").asText()), state.at("/accounts/demo/apiKey").asText()))
                .as("the demo key written to local.json works").isEqualTo(200);
        List<ProcessHandle> children = first.descendants().toList();
        assertThat(children).anySatisfy(child ->
                assertThat(child.info().commandLine().orElse("")).contains("serve.js"));
        try (DynamoDbClient dynamoDb = dynamoDb(state); S3Client s3 = s3(state)) {
            dynamoDb.putItem(request -> request.tableName("atelier-local-accounts")
                    .item(Map.of("accountId", AttributeValue.fromS("kept-across-restarts"))));
            s3.putObject(request -> request.bucket("atelier-local-images").key("results/u/j/0.png"),
                    RequestBody.fromString("png"));
        }

        interrupt(first);

        assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("stopped after Ctrl-C").isTrue();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(stateDir.resolve("local.json")).doesNotExist();

        Process second = up(List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString(),
                "--state-dir", stateDir.toString()), Map.of());
        JsonNode restarted = awaitState(second, stateDir.resolve("local.json"));
        try (DynamoDbClient dynamoDb = dynamoDb(restarted); S3Client s3 = s3(restarted)) {
            assertThat(dynamoDb.getItem(request -> request.tableName("atelier-local-accounts")
                    .key(Map.of("accountId", AttributeValue.fromS("kept-across-restarts")))).hasItem()).isTrue();
            assertThat(s3.getObjectAsBytes(request -> request.bucket("atelier-local-images").key("results/u/j/0.png"))
                    .asUtf8String()).isEqualTo("png");
        }
        second.destroy();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    }

    @Test
    void aTakenPortIsReportedAndNothingIsLeftRunning() throws Exception {
        Path dataDir = work.resolve("taken-port-data");
        try (ServerSocket occupied = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process process = up(List.of("--port", Integer.toString(occupied.getLocalPort()),
                    "--data-dir", dataDir.toString(), "--state-dir", work.resolve("state").toString()), Map.of());

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(output(process)).contains("port " + occupied.getLocalPort() + " on 127.0.0.1 is taken");
        }
        assertThat(ProcessHandle.allProcesses()
                .filter(handle -> handle.info().commandLine().orElse("").contains(dataDir.toString())))
                .isEmpty();
    }

    @Test
    void aMissingNodeIsReportedWithWhatToInstall() throws Exception {
        Process process = up(List.of("--port", Integer.toString(freePort()), "--state-dir", work.resolve("state").toString()),
                Map.of("ATELIER_NODE", work.resolve("no-such-node").toString()));

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output(process)).contains("Node.js was not found").contains("apt-get install nodejs");
    }

    private Process up(List<String> arguments, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("atelier").toString(), "up"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("up-" + started.size() + ".log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private String output(Process process) throws IOException {
        return Files.readString(work.resolve("up-" + started.indexOf(process) + ".log"));
    }

    private JsonNode awaitState(Process process, Path stateFile) throws Exception {
        await("atelier up writes " + stateFile).atMost(STARTUP_LIMIT).pollInterval(Duration.ofMillis(100))
                .failFast("atelier up exited", () -> !process.isAlive())
                .until(() -> Files.exists(stateFile));
        return new ObjectMapper().readTree(stateFile.toFile());
    }

    /** What Ctrl-C in a terminal sends. */
    private static void interrupt(Process process) throws Exception {
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor()).isZero();
    }

    private static int health(URI gatewayUrl) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gatewayUrl.resolve("/health")).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int credits(URI gatewayUrl, String apiKey) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gatewayUrl.resolve("/v1/credits")).header("Authorization", "Bearer " + apiKey)
                .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static DynamoDbClient dynamoDb(JsonNode state) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(state.at("/endpoints/dynamodb").asText()))
                .region(Region.of(state.get("region").asText()))
                .credentialsProvider(credentials(state))
                .build();
    }

    private static S3Client s3(JsonNode state) {
        return S3Client.builder()
                .endpointOverride(URI.create(state.at("/endpoints/s3").asText()))
                .region(Region.of(state.get("region").asText()))
                .credentialsProvider(credentials(state))
                .forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    private static StaticCredentialsProvider credentials(JsonNode state) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                state.get("accessKeyId").asText(), state.get("secretAccessKey").asText()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
