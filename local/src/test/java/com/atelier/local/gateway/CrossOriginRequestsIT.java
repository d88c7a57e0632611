package com.atelier.local.gateway;

import com.atelier.api.Route;
import com.atelier.config.CorsSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's CORS, as an HTTP API with a CORS configuration answers browsers. */
class CrossOriginRequestsIT {

    private static final String WEB_APP = "https://app.atelier.example";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpApiGateway gateway;

    @BeforeAll
    static void startGateway() {
        gateway = HttpApiGateway.start(List.of(new Route("GET", "/v1/credits",
                        TestFunctions.Function.of(TestFunctions.SelfDeclaredCors.class, Duration.ofSeconds(10)))),
                new LambdaFunctions("atelier-test-"), 0, new CorsSettings(List.of(WEB_APP, "http://127.0.0.1:5173")));
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredByTheGatewayWithTheConfiguredLists() throws Exception {
        HttpResponse<String> answer = preflight("/v1/credits", WEB_APP);

        assertThat(answer.statusCode()).isEqualTo(204);
        HttpHeaders headers = answer.headers();
        assertThat(headers.firstValue("access-control-allow-origin")).contains(WEB_APP);
        assertThat(headers.firstValue("access-control-allow-methods")).contains("GET,POST,PATCH,DELETE");
        assertThat(headers.firstValue("access-control-allow-headers")).contains("authorization,content-type,idempotency-key");
        assertThat(headers.firstValue("access-control-max-age")).contains("3600");
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void aPreflightIsAnsweredForAPathWithoutAnOptionsRoute() throws Exception {
        assertThat(preflight("/v1/jobs/job_123", WEB_APP).headers().firstValue("access-control-allow-origin")).contains(WEB_APP);
    }

    @Test
    void aPreflightFromAnotherOriginGetsNoCorsHeaders() throws Exception {
        HttpResponse<String> answer = preflight("/v1/credits", "https://evil.example");

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(corsHeaders(answer.headers())).isEmpty();
    }

    @Test
    void anAllowedOriginsRequestGetsItsOriginAndTheReadableHeadersAndNotTheFunctionsOwnCors() throws Exception {
        HttpResponse<String> answer = get("/v1/credits", WEB_APP);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().allValues("access-control-allow-origin")).containsExactly(WEB_APP);
        assertThat(answer.headers().firstValue("access-control-expose-headers")).contains(
                "x-ratelimit-limit-requests,x-ratelimit-remaining-requests,x-ratelimit-reset-requests,apigw-requestid");
        assertThat(answer.headers().allValues("vary")).contains("Origin");
    }

    @Test
    void anotherOriginsRequestIsServedWithoutAnyCorsHeaderSoTheBrowserHidesTheAnswer() throws Exception {
        HttpResponse<String> answer = get("/v1/credits", "https://evil.example");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(corsHeaders(answer.headers())).isEmpty();
    }

    @Test
    void aRequestWithoutOriginGetsNoCorsHeaders() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(gateway.url().resolve("/v1/credits")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(corsHeaders(answer.headers())).isEmpty();
    }

    @Test
    void anOptionsRequestThatIsNotAPreflightIsRoutedLikeAnyOther() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(gateway.url().resolve("/v1/credits"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", WEB_APP).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("access-control-allow-origin")).contains(WEB_APP);
    }

    private static HttpResponse<String> preflight(String path, String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gateway.url().resolve(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gateway.url().resolve(path)).header("Origin", origin).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> corsHeaders(HttpHeaders headers) {
        return headers.map().keySet().stream().filter(name -> name.toLowerCase().startsWith("access-control-")).toList();
    }
}
