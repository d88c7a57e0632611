package com.atelier.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.atelier.api.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real HTTP requests through the gateway, compared field by field with the payload 2.0 example in
 * AWS's documentation (src/test/resources/events), and API Gateway's own answers.
 */
class HttpApiGatewayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpApiGateway gateway;

    @BeforeAll
    static void startGateway() {
        TestFunctions.Function capturing = TestFunctions.Function.of(TestFunctions.Capturing.class, Duration.ofSeconds(10));
        gateway = HttpApiGateway.start(List.of(
                new Route("POST", "/my/{parameter1}", capturing),
                new Route("POST", "/v1/images/edits", capturing),
                new Route("GET", "/plain", TestFunctions.Function.of(TestFunctions.Plain.class, Duration.ofSeconds(10))),
                new Route("GET", "/fail", TestFunctions.Function.of(TestFunctions.Failing.class, Duration.ofSeconds(10))),
                new Route("GET", "/slow", TestFunctions.Function.of(TestFunctions.Slow.class, Duration.ofSeconds(1))),
                new Route("POST", "/upload", capturing)), new LambdaFunctions("atelier-test-"), 0);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @BeforeEach
    void forgetTheLastEvent() {
        TestFunctions.LAST_EVENT.set(null);
    }

    @Test
    void theEventMatchesAwsDocumentedExampleFieldByField() throws Exception {
        JsonNode example = JSON.readTree(resource("/events/http-api-payload-2.0-example.json"));
        Instant before = Instant.now();

        HTTP.send(HttpRequest.newBuilder(gateway.url().resolve("/my/path?" + example.get("rawQueryString").asText()))
                .header("header1", "value1")
                .header("header2", "value1")
                .header("header2", "value2")
                .header("Cookie", "cookie1; cookie2")
                .header("User-Agent", "agent")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(example.get("body").asText()))
                .build(), HttpResponse.BodyHandlers.discarding());

        APIGatewayV2HTTPEvent event = TestFunctions.LAST_EVENT.get();
        assertThat(event.getVersion()).isEqualTo(example.get("version").asText());
        assertThat(event.getRawPath()).isEqualTo(example.get("rawPath").asText());
        assertThat(event.getRawQueryString()).isEqualTo(example.get("rawQueryString").asText());
        assertThat(event.getCookies()).isEqualTo(strings(example.get("cookies")));
        assertThat(event.getQueryStringParameters()).isEqualTo(map(example.get("queryStringParameters")));
        assertThat(event.getBody()).isEqualTo(example.get("body").asText());
        assertThat(event.getIsBase64Encoded()).isEqualTo(example.get("isBase64Encoded").asBoolean());
        // The example's headers, plus those HTTP itself carries and those API Gateway adds.
        assertThat(event.getHeaders()).containsAllEntriesOf(map(example.get("headers")));
        assertThat(event.getHeaders().keySet()).allMatch(name -> name.equals(name.toLowerCase()))
                .containsAll(HttpApiEventFactory.ADDED_HEADERS)
                .doesNotContain("cookie");
        assertThat(event.getHeaders().get("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(event.getHeaders().get("x-forwarded-port")).isEqualTo(Integer.toString(gateway.port()));
        assertThat(event.getHeaders().get("x-amzn-trace-id")).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");

        JsonNode exampleContext = example.get("requestContext");
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        assertThat(context.getHttp().getMethod()).isEqualTo(exampleContext.at("/http/method").asText());
        assertThat(context.getHttp().getPath()).isEqualTo(exampleContext.at("/http/path").asText());
        assertThat(context.getHttp().getProtocol()).isEqualTo(exampleContext.at("/http/protocol").asText());
        assertThat(context.getHttp().getUserAgent()).isEqualTo(exampleContext.at("/http/userAgent").asText());
        assertThat(context.getHttp().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(context.getStage()).isEqualTo(exampleContext.get("stage").asText());
        assertThat(context.getAccountId()).matches("\\d{12}");
        assertThat(context.getApiId()).isEqualTo("local");
        assertThat(context.getDomainName()).isEqualTo("127.0.0.1");
        assertThat(context.getDomainPrefix()).isEqualTo("127");
        assertThat(context.getRequestId()).matches("[A-Za-z0-9+/]{15}=");
        assertThat(Instant.ofEpochMilli(context.getTimeEpoch())).isBetween(before.minusMillis(1), Instant.now());
        assertThat(context.getTime()).matches(Pattern.compile("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000"));
        // The example shows API Gateway's $default route; the gateway serves declared routes, so the
        // key names the route, and its path variable binds from the path.
        assertThat(event.getRouteKey()).isEqualTo("POST /my/{parameter1}").isEqualTo(context.getRouteKey());
        assertThat(event.getPathParameters()).isEqualTo(Map.of("parameter1", "path"));
        // No stage variables or authorizer are configured locally, so those stay absent; mutual TLS
        // ("authentication") has no field in aws-lambda-java-events' class, which is what handlers read.
        assertThat(event.getStageVariables()).isNull();
        assertThat(context.getAuthorizer()).isNull();
        assertThat(event.getClass().getDeclaredFields()).extracting(field -> field.getName())
                .containsAll(fieldNames(example));
    }

    @Test
    void aMultipartBodyArrivesBase64EncodedByteForByte() throws Exception {
        String boundary = "----atelier" + System.nanoTime();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, (byte) 0xFF, (byte) 0xFE};
        ByteArrayOutputStream multipart = new ByteArrayOutputStream();
        multipart.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n"
                + "a red circle\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"in.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        multipart.writeBytes(png);
        multipart.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        HTTP.send(HttpRequest.newBuilder(gateway.url().resolve("/v1/images/edits"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.toByteArray()))
                .build(), HttpResponse.BodyHandlers.discarding());

        APIGatewayV2HTTPEvent event = TestFunctions.LAST_EVENT.get();
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(multipart.toByteArray());
        assertThat(event.getHeaders()).containsEntry("content-type", "multipart/form-data; boundary=" + boundary)
                .containsEntry("content-length", Integer.toString(multipart.size()));
        assertThat(event.getRawQueryString()).isEmpty();
        assertThat(event.getQueryStringParameters()).isNull();
        assertThat(event.getPathParameters()).isNull();
        assertThat(event.getCookies()).isNull();
    }

    @Test
    void theFunctionsResponseBecomesHttpWithEveryCookieAsSetCookie() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(gateway.url().resolve("/my/x"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).containsExactly(1, 2, 3);
        assertThat(response.headers().firstValue("content-type")).contains("image/png");
        assertThat(response.headers().firstValue("x-echo")).contains("yes");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("session=abc; HttpOnly", "theme=dark");
        assertThat(response.headers().firstValue("apigw-requestid"))
                .contains(TestFunctions.LAST_EVENT.get().getRequestContext().getRequestId());
    }

    @Test
    void theContextNamesTheFunctionAndItsRemainingTime() throws Exception {
        HTTP.send(HttpRequest.newBuilder(gateway.url().resolve("/my/x")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(TestFunctions.LAST_CONTEXT.get().getFunctionName()).isEqualTo("atelier-test-capturing");
        assertThat(TestFunctions.LAST_CONTEXT.get().getRemainingTimeInMillis()).isBetween(1, 10_000);
        assertThat(TestFunctions.LAST_CONTEXT.get().getAwsRequestId()).isNotBlank();
    }

    @Test
    void aResponseWithoutContentTypeIsServedAsJson() throws Exception {
        HttpResponse<String> response = get("/plain");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void anUnknownRouteIsAnsweredAsApiGatewayDoes() throws Exception {
        HttpResponse<String> response = get("/nowhere");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
    }

    @Test
    void aFailingFunctionBecomesInternalServerError() throws Exception {
        HttpResponse<String> response = get("/fail");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }

    @Test
    void aFunctionPastItsTimeoutBecomesInternalServerError() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = get("/slow");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anEventOverLambdasSixMegabytesIsRefusedBeforeTheFunctionRuns() throws Exception {
        byte[] fiveMegabytes = new byte[5 * 1024 * 1024];

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(gateway.url().resolve("/upload"))
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(fiveMegabytes)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(TestFunctions.LAST_EVENT.get()).isNull();
    }

    @Test
    void aBodyOverTenMegabytesIsRefused() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(gateway.url().resolve("/upload"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[11 * 1024 * 1024])).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(TestFunctions.LAST_EVENT.get()).isNull();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gateway.url().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Set<String> fieldNames(JsonNode example) {
        Set<String> names = new java.util.TreeSet<>();
        example.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> strings(JsonNode array) {
        return JSON.convertValue(array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static Map<String, String> map(JsonNode object) {
        return JSON.convertValue(object, JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = HttpApiGatewayIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
