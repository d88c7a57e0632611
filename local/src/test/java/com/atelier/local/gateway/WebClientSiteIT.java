package com.atelier.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.api.Route;
import com.atelier.config.CorsSettings;
import com.atelier.local.web.WebClientSite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web client's files through the local gateway: API routes first, then the files, with their headers. */
class WebClientSiteIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dist;
    private static HttpApiGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dist.resolve("index.html"), "<!doctype html><title>Atelier</title>");
        Files.createDirectories(dist.resolve("assets"));
        Files.writeString(dist.resolve("assets/index-abc123.js"), "console.log('atelier');");
        Files.writeString(dist.resolve("sw.js"), "self.addEventListener('fetch', () => {});");
        gateway = HttpApiGateway.start(
                List.of(new Route("GET", "/plain", TestFunctions.Function.of(TestFunctions.Plain.class, Duration.ofSeconds(10)))),
                new LambdaFunctions("atelier-test-"), 0, new CorsSettings(List.of()),
                new WebClientSite(dist, List.of(URI.create("http://127.0.0.1:9000"))));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gateway.url().resolve(path)).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRootServesIndexHtmlRevalidatedOnEveryLoadWithStrictHeaders() throws Exception {
        HttpResponse<String> response = send("GET", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<title>Atelier</title>");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(response.headers().firstValue("cache-control")).contains("no-cache");
        String policy = response.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(policy).contains("script-src 'self';", "style-src 'self';", "frame-ancestors 'none'",
                "connect-src 'self' http://127.0.0.1:9000").doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(response.headers().firstValue("x-content-type-options")).contains("nosniff");
        assertThat(response.headers().firstValue("referrer-policy")).contains("no-referrer");
    }

    @Test
    void hashedAssetsAreCachedForAYear() throws Exception {
        HttpResponse<String> response = send("GET", "/assets/index-abc123.js");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("cache-control")).contains("public, max-age=31536000, immutable");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    }

    @Test
    void theServiceWorkerIsRevalidatedSoThatANewShellReachesUsers() throws Exception {
        assertThat(send("GET", "/sw.js").headers().firstValue("cache-control")).contains("no-cache");
    }

    @Test
    void apiRoutesKeepPrecedence() throws Exception {
        HttpResponse<String> response = send("GET", "/plain");

        assertThat(response.body()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers().firstValue("content-security-policy")).isEmpty();
    }

    @Test
    void missingFilesOtherMethodsAndPathsOutsideTheFolderAreNotFound() throws Exception {
        assertThat(send("GET", "/nowhere.js").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/nowhere.js").body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(send("POST", "/").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/assets/..%2f..%2fetc%2fpasswd").statusCode()).isEqualTo(404);
    }
}
