package com.atelier.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atelier.local.AtelierHome;
import com.atelier.worker.eval.SceneCaption;
import com.atelier.worker.eval.SceneScorer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.images.Image;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.images.ImagesResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Images API as users reach it: {@code ./atelier up} as a separate process (gateway, handlers,
 * worker on CPU with the bundled model), called with the official OpenAI Java SDK whose base URL and
 * key alone are changed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImagesApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Process stack;
    private static Path work;
    private static URI gateway;
    private static String demoKey;
    private static String adminKey;
    private static OpenAIClient openAi;

    @BeforeAll
    static void up() throws Exception {
        work = Files.createTempDirectory("images-api-it");
        Path home = AtelierHome.locate();
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("atelier").toString(), "up", "--port",
                Integer.toString(port), "--state-dir", work.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("up.log").toFile());
        // The concurrency test sends 90 requests from one account within a minute.
        builder.environment().put("ATELIER_IMAGE_REQUESTS_PER_MINUTE", "200");
        stack = builder.start();
        Path stateFile = work.resolve("state/local.json");
        Process started = stack;
        await("atelier up writes " + stateFile).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .failFast("atelier up exited", () -> !started.isAlive())
                .until(() -> Files.exists(stateFile));
        JsonNode state = JSON.readTree(stateFile.toFile());
        gateway = URI.create(state.get("gatewayUrl").asText());
        demoKey = state.at("/accounts/demo/apiKey").asText();
        adminKey = state.at("/accounts/admin/apiKey").asText();
        openAi = OpenAIOkHttpClient.builder().baseUrl(gateway + "/v1").apiKey(demoKey).maxRetries(0)
                .timeout(Duration.ofSeconds(60)).build();
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.descendants().forEach(ProcessHandle::destroy);
            stack.destroy();
            stack.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static ImageGenerateParams.Builder params(String prompt, long n) {
        return ImageGenerateParams.builder().model(ImageModel.DALL_E_2).prompt(prompt).n(n)
                .size(ImageGenerateParams.Size._256X256);
    }

    private static int balance(String key) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/v1/credits"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("total").asInt();
    }

    private static HttpResponse<byte[]> download(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static BufferedImage png(byte[] bytes) throws IOException {
        assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void theOpenAiSdkGeneratesFourImagesWhoseUrlsServe256PixelPngsForOneCredit() throws Exception {
        int before = balance(demoKey);
        ImagesResponse response = openAi.images().generate(params("a blue square at the top on a white background", 4).build());
        List<Image> images = response.data().orElseThrow();
        assertThat(images).hasSize(4);
        for (Image image : images) {
            HttpResponse<byte[]> download = download(image.url().orElseThrow());
            assertThat(download.statusCode()).isEqualTo(200);
            BufferedImage decoded = png(download.body());
            assertThat(decoded.getWidth()).isEqualTo(256);
            assertThat(decoded.getHeight()).isEqualTo(256);
        }
        assertThat(balance(demoKey)).isEqualTo(before - 1);
    }

    @Test
    void b64JsonCarriesThePngItself() throws Exception {
        ImagesResponse response = openAi.images().generate(params("a green circle on the left", 1)
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON).build());
        Image image = response.data().orElseThrow().get(0);
        assertThat(image.url()).isEmpty();
        BufferedImage decoded = png(Base64.getDecoder().decode(image.b64Json().orElseThrow()));
        assertThat(decoded.getWidth()).isEqualTo(256);
    }

    @Test
    void refusedPromptsAndInvalidRequestsAreNeverCharged() throws Exception {
        int before = balance(demoKey);
        assertThatThrownBy(() -> openAi.images().generate(params("a photo of donald trump", 1).build()))
                .isInstanceOfSatisfying(BadRequestException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.code()).contains("content_policy_violation");
                });
        assertThatThrownBy(() -> openAi.images().generate(params("a red star", 11).build()))
                .isInstanceOfSatisfying(BadRequestException.class, error -> assertThat(error.param()).contains("n"));
        assertThatThrownBy(() -> openAi.images().generate(params("x".repeat(1001), 1).build()))
                .isInstanceOfSatisfying(BadRequestException.class, error -> assertThat(error.param()).contains("prompt"));
        assertThatThrownBy(() -> openAi.images().generate(ImageGenerateParams.builder().model(ImageModel.DALL_E_2)
                .prompt("a red star").size(ImageGenerateParams.Size._1792X1024).build()))
                .isInstanceOfSatisfying(BadRequestException.class, error -> assertThat(error.param()).contains("size"));
        assertThat(balance(demoKey)).isEqualTo(before);
    }

    @Test
    void aPromptOfTheModelsDomainYieldsImagesThatFollowIt() throws Exception {
        String prompt = "a large red circle on the left on a white background";
        ImagesResponse response = openAi.images().generate(params(prompt, 4).build());
        SceneCaption caption = SceneCaption.parse(prompt).orElseThrow();
        SceneScorer scorer = new SceneScorer();
        long followed = 0;
        for (Image image : response.data().orElseThrow()) {
            SceneScorer.Judgement judgement = scorer.judge(caption, png(download(image.url().orElseThrow()).body()));
            if (judgement.colourRight() && judgement.positionRight().orElse(false)) {
                followed++;
            }
        }
        assertThat(followed).as("images with a red object on the left").isGreaterThanOrEqualTo(3);
    }

    @Test
    void aTamperedImageUrlIsRefused() throws Exception {
        String url = openAi.images().generate(params("a yellow star", 1).build()).data().orElseThrow().get(0).url().orElseThrow();
        assertThat(download(url).statusCode()).isEqualTo(200);
        String otherKey = url.replaceFirst("/0\\.png", "/1.png");
        assertThat(download(otherKey).statusCode()).isEqualTo(403);
        int signature = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char flipped = url.charAt(signature) == 'a' ? 'b' : 'a';
        String tampered = url.substring(0, signature) + flipped + url.substring(signature + 1);
        assertThat(download(tampered).statusCode()).isEqualTo(403);
    }

    @Test
    void aJobIsVisibleToItsOwnerAndNotFoundForAnyoneElse() throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/v1/images/generations"))
                .header("Authorization", "Bearer " + demoKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a pink cross\",\"n\":2,\"size\":\"256x256\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(200);
        String imageUrl = JSON.readTree(created.body()).at("/data/0/url").asText();
        String jobId = imageUrl.replaceAll(".*/results/([^/]+)/.*", "$1");

        HttpResponse<String> own = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/v1/jobs/" + jobId))
                .header("Authorization", "Bearer " + demoKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(own.statusCode()).isEqualTo(200);
        JsonNode job = JSON.readTree(own.body());
        assertThat(job.get("status").asText()).isEqualTo("succeeded");
        assertThat(job.get("data")).hasSize(2);
        assertThat(job.at("/cost/model").asText()).isEqualTo("atelier-shapes-64");

        HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/v1/jobs/" + jobId))
                .header("Authorization", "Bearer " + adminKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(other.body()).at("/error/code").asText()).isEqualTo("not_found");
    }

    /** A 256×256 scene: a white ground with a red disc on the left. */
    private static byte[] scenePng() throws IOException {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D graphics = image.createGraphics();
        graphics.setColor(new java.awt.Color(245, 245, 245));
        graphics.fillRect(0, 0, 256, 256);
        graphics.setColor(new java.awt.Color(220, 40, 40));
        graphics.fillOval(24, 88, 80, 80);
        graphics.dispose();
        return encode(image);
    }

    /** Transparent (to repaint) over the right half, opaque elsewhere. */
    private static byte[] rightHalfMask(int side) throws IOException {
        BufferedImage mask = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                mask.setRGB(x, y, x >= side / 2 ? 0x00000000 : 0xff000000);
            }
        }
        return encode(mask);
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void anEditMakesThreeImagesThatKeepEveryPixelOutsideTheMask() throws Exception {
        byte[] scene = scenePng();
        BufferedImage original = ImageIO.read(new ByteArrayInputStream(scene));
        int before = balance(demoKey);
        ImagesResponse response = openAi.images().edit(com.openai.models.images.ImageEditParams.builder()
                .model(ImageModel.DALL_E_2).image(scene).mask(rightHalfMask(256))
                .prompt("a blue square on the right on a white background").n(3)
                .size(com.openai.models.images.ImageEditParams.Size._256X256).build());
        List<Image> images = response.data().orElseThrow();
        assertThat(images).hasSize(3);
        for (Image image : images) {
            BufferedImage edited = png(download(image.url().orElseThrow()).body());
            assertThat(edited.getWidth()).isEqualTo(256);
            for (int y = 0; y < 256; y += 3) {
                for (int x = 0; x < 128; x += 3) {
                    assertThat(edited.getRGB(x, y)).as("pixel (%d,%d) outside the mask", x, y).isEqualTo(original.getRGB(x, y));
                }
            }
        }
        assertThat(balance(demoKey)).isEqualTo(before - 1);
    }

    @Test
    void aVariationMakesThreeImagesOfTheAskedSize() throws Exception {
        int before = balance(demoKey);
        ImagesResponse response = openAi.images().createVariation(com.openai.models.images.ImageCreateVariationParams.builder()
                .model(ImageModel.DALL_E_2).image(scenePng()).n(3)
                .size(com.openai.models.images.ImageCreateVariationParams.Size._256X256).build());
        List<Image> images = response.data().orElseThrow();
        assertThat(images).hasSize(3);
        for (Image image : images) {
            assertThat(png(download(image.url().orElseThrow()).body()).getHeight()).isEqualTo(256);
        }
        assertThat(balance(demoKey)).isEqualTo(before - 1);
    }

    @Test
    void badUploadsAreRefusedNamingTheFieldAndNeverCharged() throws Exception {
        int before = balance(demoKey);
        BufferedImage wide = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> openAi.images().createVariation(com.openai.models.images.ImageCreateVariationParams.builder()
                .image(encode(wide)).n(1).build()))
                .isInstanceOfSatisfying(BadRequestException.class, error -> assertThat(error.param()).contains("image"));
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "jpg", jpeg);
        assertThatThrownBy(() -> openAi.images().createVariation(com.openai.models.images.ImageCreateVariationParams.builder()
                .image(jpeg.toByteArray()).n(1).build()))
                .isInstanceOfSatisfying(BadRequestException.class, error -> assertThat(error.param()).contains("image"));
        assertThatThrownBy(() -> openAi.images().edit(com.openai.models.images.ImageEditParams.builder()
                .image(scenePng()).mask(rightHalfMask(128)).prompt("a star").n(1).build()))
                .isInstanceOfSatisfying(BadRequestException.class, error -> assertThat(error.param()).contains("mask"));
        assertThatThrownBy(() -> openAi.images().edit(com.openai.models.images.ImageEditParams.builder()
                .image(scenePng()).prompt("a star").n(1).build()))
                .as("an opaque image without a mask leaves nothing to edit")
                .isInstanceOfSatisfying(BadRequestException.class, error -> assertThat(error.param()).contains("image"));
        assertThat(balance(demoKey)).isEqualTo(before);
    }

    /** Last: the 40 jobs that bring the account down to 10 credits keep the one local worker busy for a while. */
    @Test
    @Order(Integer.MAX_VALUE)
    void fortyConcurrentRequestsOnAnAccountWithTenCreditsAcceptExactlyTen() throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/v1/admin/accounts"))
                .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"roles\":[\"user\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String key = JSON.readTree(created.body()).at("/api_key/key").asText();
        // A new account has 50 free credits: 40 queued jobs of 4 images leave 10.
        for (int i = 0; i < 40; i++) {
            assertThat(post(key, "/v1/jobs", "{\"kind\":\"generation\",\"prompt\":\"a white star\",\"n\":4,\"size\":\"256x256\"}")
                    .statusCode()).isEqualTo(202);
        }
        assertThat(balance(key)).isEqualTo(10);

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(40);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return post(key, "/v1/images/generations", "{\"prompt\":\"a black square\",\"n\":4,\"size\":\"256x256\"}")
                        .statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Integer> answer : answers) {
            statuses.add(answer.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(statuses.stream().filter(status -> status == 200 || status == 202)).hasSize(10);
        assertThat(statuses.stream().filter(status -> status == 429)).hasSize(30);
        assertThat(balance(key)).isZero();
    }

    private static HttpResponse<String> post(String key, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gateway.resolve(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
