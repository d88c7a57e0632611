package com.atelier.local.servers;

import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** S3Proxy really checks signatures, so presigned URLs behave locally as on S3. */
@ExtendWith(LocalStackExtension.class)
class S3PresignedUrlIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final byte[] CONTENT = "a small png stand-in".getBytes(StandardCharsets.UTF_8);

    private LocalStack stack;
    private String bucket;
    private String key;

    @BeforeEach
    void storeAnObject(LocalStack stack) {
        this.stack = stack;
        this.bucket = stack.resources().images().name();
        this.key = "results/user-1/" + UUID.randomUUID() + "/0.png";
        stack.clients().s3().putObject(request -> request.bucket(bucket).key(key).contentType("image/png"),
                RequestBody.fromBytes(CONTENT));
    }

    @Test
    void aPresignedGetReturnsTheObject() throws Exception {
        HttpResponse<byte[]> response = get(presignGet(key, Duration.ofMinutes(5)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(CONTENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Amz-Signature", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders"})
    void alteringAnyQueryParameterIsRefused(String parameter) throws Exception {
        URI tampered = alter(presignGet(key, Duration.ofMinutes(5)), parameter);

        assertThat(get(tampered).statusCode()).isEqualTo(403);
    }

    @Test
    void aSignatureForOneKeyDoesNotOpenAnother() throws Exception {
        String otherKey = key.replace("0.png", "1.png");
        stack.clients().s3().putObject(request -> request.bucket(bucket).key(otherKey), RequestBody.fromBytes(CONTENT));
        URI signed = presignGet(key, Duration.ofMinutes(5));

        URI other = URI.create(signed.toString().replace("/0.png?", "/1.png?"));

        assertThat(get(other).statusCode()).isEqualTo(403);
    }

    @Test
    void anAnonymousRequestIsRefused() throws Exception {
        URI signed = presignGet(key, Duration.ofMinutes(5));

        assertThat(get(URI.create(signed.toString().split("\\?")[0])).statusCode()).isEqualTo(403);
    }

    @Test
    void aPresignedGetStopsWorkingWhenItExpires() throws Exception {
        Instant signedAt = Instant.now();
        URI signed = presignGet(key, Duration.ofSeconds(2));
        assertThat(get(signed).statusCode()).isEqualTo(200);

        int status = 200;
        Instant deadline = signedAt.plusSeconds(15);
        while (status == 200 && Instant.now().isBefore(deadline)) {
            status = get(signed).statusCode();
        }

        assertThat(status).isEqualTo(403);
        // X-Amz-Date has one-second precision, so expiry may come up to a second early.
        assertThat(Instant.now()).isAfter(signedAt.plusSeconds(1));
    }

    @Test
    void aPresignedPutStoresAnUpload() throws Exception {
        String uploadKey = "uploads/user-1/" + UUID.randomUUID() + ".png";
        URI url = stack.clients().s3Presigner().presignPutObject(request -> request
                .signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(put -> put.bucket(bucket).key(uploadKey).contentType("image/png"))).url().toURI();

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url)
                .header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(CONTENT)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(stack.clients().s3().getObjectAsBytes(request -> request.bucket(bucket).key(uploadKey)).asByteArray())
                .isEqualTo(CONTENT);
    }

    private URI presignGet(String objectKey, Duration validity) throws Exception {
        S3Presigner presigner = stack.clients().s3Presigner();
        return presigner.presignGetObject(request -> request.signatureDuration(validity)
                .getObjectRequest(get -> get.bucket(bucket).key(objectKey))).url().toURI();
    }

    /**
     * Changes the last digit of a parameter's value (its last letter when it has no digit), so that
     * it stays well formed but says something else.
     */
    private static URI alter(URI url, String parameter) {
        Matcher matcher = Pattern.compile("([?&]" + parameter + "=)([^&]*)").matcher(url.toString());
        assertThat(matcher.find()).as("presigned URL has %s", parameter).isTrue();
        String value = matcher.group(2);
        int position = value.length() - 1;
        while (position > 0 && !Character.isDigit(value.charAt(position))) {
            position--;
        }
        if (!Character.isDigit(value.charAt(position))) {
            position = value.length() - 1;
        }
        char original = value.charAt(position);
        char replacement = original == '9' ? '1' : original == 'z' ? 'a' : (char) (original + 1);
        String altered = value.substring(0, position) + replacement + value.substring(position + 1);
        return URI.create(url.toString().substring(0, matcher.start(2)) + altered + url.toString().substring(matcher.end(2)));
    }

    private static HttpResponse<byte[]> get(URI url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
