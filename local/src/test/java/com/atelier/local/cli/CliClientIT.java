package com.atelier.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atelier.local.AtelierHome;
import com.atelier.local.client.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./atelier generate|edit|vary} through the CLI's Java entry point against a stack that
 * {@code atelier up} runs in a process of its own, worker included (this JVM may hold the test stack,
 * which runs none), as a newcomer would use them: PNGs on disk, their paths printed, one-line errors.
 */
class CliClientIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path work;
    private static Process stack;
    private static String gateway;
    private static String demoKey;

    @TempDir
    Path out;

    record Run(int exitCode, String out, String err) {
        List<Path> writtenFiles() {
            return out.lines().filter(line -> !line.isBlank()).map(Path::of).toList();
        }
    }

    @BeforeAll
    static void up() throws Exception {
        work = Files.createTempDirectory("cli-client-it");
        Path stateFile = work.resolve("state/local.json");
        stack = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Datelier.home=" + AtelierHome.locate(), "-cp", System.getProperty("java.class.path"),
                AtelierCli.class.getName(), "up", "--port", "0", "--state-dir", work.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("up.log").toFile()).start();
        await("atelier up writes " + stateFile).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .failFast("atelier up exited", () -> !stack.isAlive())
                .until(() -> Files.exists(stateFile));
        JsonNode state = JSON.readTree(stateFile.toFile());
        gateway = state.get("gatewayUrl").asText();
        demoKey = state.at("/accounts/demo/apiKey").asText();
    }

    @AfterAll
    static void down() throws InterruptedException {
        if (stack != null) {
            stack.descendants().forEach(ProcessHandle::destroy);
            stack.destroy();
            stack.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Run atelier(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AtelierCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(arguments);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static String[] against(String... arguments) {
        return Stream.concat(Stream.of(arguments), Stream.of("--url", gateway, "--api-key", demoKey)).toArray(String[]::new);
    }

    private static JsonNode api(String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path))
                .header("Authorization", "Bearer " + demoKey).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return answer;
    }

    private static String jobIdOf(Path image) {
        String name = image.getFileName().toString();
        return name.substring(0, name.lastIndexOf('-'));
    }

    private static BufferedImage png(Path file) throws IOException {
        assertThat(Files.readAllBytes(file)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        return ImageIO.read(file.toFile());
    }

    @Test
    void generateWritesTwoPngsOfTheSizeAskedAndPrintsTheirPaths() throws IOException {
        Run run = atelier(against("generate", "a red circle left of a blue square", "-n", "2", "--seed", "7",
                "--size", "256x256", "--out", out.resolve("tmp").toString()));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.writtenFiles()).hasSize(2).allSatisfy(file -> assertThat(file).startsWith(out.resolve("tmp")));
        try (Stream<Path> files = Files.list(out.resolve("tmp"))) {
            assertThat(files.filter(file -> file.toString().endsWith(".png"))).hasSize(2);
        }
        for (Path file : run.writtenFiles()) {
            assertThat(png(file).getWidth()).isEqualTo(256);
        }
    }

    @Test
    void theSameSeedDrawsTheSamePixelsAndAnotherSeedOthers() throws IOException {
        String prompt = "a green triangle at the top";
        Path first = atelier(against("generate", prompt, "--seed", "7", "--size", "256x256", "--out",
                out.resolve("first").toString())).writtenFiles().get(0);
        Path again = atelier(against("generate", prompt, "--seed", "7", "--size", "256x256", "--out",
                out.resolve("again").toString())).writtenFiles().get(0);
        Path other = atelier(against("generate", prompt, "--seed", "8", "--size", "256x256", "--out",
                out.resolve("other").toString())).writtenFiles().get(0);

        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(first));
        assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(first));
    }

    @Test
    void editRepaintsTheAreaGivenAndVaryMakesVariations() throws IOException {
        Path source = atelier(against("generate", "a blue square in the middle", "--size", "256x256", "--out",
                out.resolve("source").toString())).writtenFiles().get(0);

        Run edit = atelier(against("edit", source.toString(), "--area", "0,0,128,256", "a red circle on the left",
                "-n", "2", "--size", "256x256", "--out", out.resolve("edits").toString()));
        Run vary = atelier(against("vary", source.toString(), "-n", "3", "--size", "256x256", "--out",
                out.resolve("variations").toString()));

        assertThat(edit.exitCode()).as(edit.err()).isEqualTo(0);
        assertThat(edit.writtenFiles()).hasSize(2);
        assertThat(vary.exitCode()).as(vary.err()).isEqualTo(0);
        assertThat(vary.writtenFiles()).hasSize(3);
        for (Path file : new ArrayList<>(Stream.concat(edit.writtenFiles().stream(), vary.writtenFiles().stream()).toList())) {
            assertThat(png(file).getWidth()).isEqualTo(256);
        }
    }

    @Test
    void aRefusedPromptIsOneLineWithItsExitCodeAndWritesNothing() throws IOException {
        Run run = atelier(against("generate", "a photo of donald trump", "--out", out.resolve("refused").toString()));

        assertThat(run.exitCode()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(run.err().strip()).startsWith("atelier generate: ").contains("content policy").doesNotContain("\n");
        assertThat(out.resolve("refused")).doesNotExist();
    }

    @Test
    void aBadKeyIsReportedAsSuch() {
        Run run = atelier("generate", "a red circle", "--url", gateway, "--api-key", "sk-not-a-key");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_API_KEY.code());
        assertThat(run.err()).startsWith("atelier generate: ");
    }

    @Test
    void noStackAtTheUrlSaysHowToStartOne() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;

        Run run = atelier("generate", "a red circle", "--url", url, "--api-key", demoKey);

        assertThat(run.exitCode()).isEqualTo(ExitCode.NO_STACK.code());
        assertThat(run.err().strip()).isEqualTo("atelier generate: no Atelier stack at " + url
                + ": start one with ./atelier up");
    }

    @Test
    void theJobRecordsItsSeedAndEachImagesSeed() throws Exception {
        Path first = atelier(against("generate", "a yellow star", "-n", "3", "--seed", "4294967290", "--size", "256x256",
                "--out", out.resolve("seeds").toString())).writtenFiles().get(0);

        JsonNode job = api("GET", "/v1/jobs/" + jobIdOf(first), null);

        assertThat(job.get("seed").asLong()).isEqualTo(4_294_967_290L);
        assertThat(job.get("data")).extracting(image -> image.get("seed").asLong())
                .containsExactly(4_294_967_290L, 4_294_967_291L, 4_294_967_292L);
    }

    @Test
    void theImagesApiTakesTheSeedAsAnExtraFieldAndDrawsTheSamePixelsAsTheJobsApi() throws Exception {
        String request = "{\"prompt\":\"a pink cross on the right\",\"size\":\"256x256\",\"seed\":11,"
                + "\"response_format\":\"b64_json\"}";
        byte[] first = Base64.getDecoder().decode(api("POST", "/v1/images/generations", request)
                .at("/data/0/b64_json").asText());
        byte[] again = Base64.getDecoder().decode(api("POST", "/v1/images/generations", request)
                .at("/data/0/b64_json").asText());
        Path fromTheCli = atelier(against("generate", "a pink cross on the right", "--seed", "11", "--size", "256x256",
                "--out", out.resolve("cli").toString())).writtenFiles().get(0);

        assertThat(again).isEqualTo(first);
        assertThat(Files.readAllBytes(fromTheCli)).isEqualTo(first);
    }

    @Test
    void aPromptOutsideTheModelsVocabularyIsRefusedNamingItAndCostsNothing() throws Exception {
        int before = api("GET", "/v1/credits", null).get("total").asInt();

        Run run = atelier(against("generate", "a cat sleeping by a sofa", "--out", out.resolve("cat").toString()));

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_REQUEST.code());
        assertThat(run.err()).contains("atelier-shapes-64").contains("circle").contains("nothing was charged");
        assertThat(api("GET", "/v1/credits", null).get("total").asInt()).isEqualTo(before);
        assertThat(out.resolve("cat")).doesNotExist();
    }

    @Test
    void theModelsRouteDescribesTheBundledModel() throws Exception {
        JsonNode models = api("GET", "/v1/models", null);

        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.at("/data/0/id").asText()).isEqualTo("atelier-shapes-64");
        assertThat(api("GET", "/v1/models/atelier-shapes-64", null).get("native_size").asText()).isEqualTo("64x64");
    }
}
