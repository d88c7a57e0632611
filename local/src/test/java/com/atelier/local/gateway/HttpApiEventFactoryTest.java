package com.atelier.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.atelier.api.ApiFunction;
import com.atelier.api.Route;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpApiEventFactoryTest {

    private static final RouteMatch HEALTH = new RouteMatch(new Route("POST", "/health", ApiFunction.HEALTH), Map.of());

    private final HttpApiEventFactory factory = new HttpApiEventFactory("local");

    @Test
    void repeatedQueryParametersAreJoinedWithCommasAndDecoded() {
        assertThat(HttpApiEventFactory.queryParameters("a=1&a=2&b=x%20y&c&d=%zz"))
                .isEqualTo(Map.of("a", "1,2", "b", "x y", "c", "", "d", "%zz"));
        assertThat(HttpApiEventFactory.queryParameters("")).isNull();
    }

    @Test
    void onlyTextMediaTypesTravelUnencoded() {
        assertThat(HttpApiEventFactory.isText("application/json; charset=utf-8")).isTrue();
        assertThat(HttpApiEventFactory.isText("text/plain")).isTrue();
        assertThat(HttpApiEventFactory.isText("application/problem+json")).isTrue();
        assertThat(HttpApiEventFactory.isText("multipart/form-data; boundary=x")).isFalse();
        assertThat(HttpApiEventFactory.isText("image/png")).isFalse();
        assertThat(HttpApiEventFactory.isText(null)).isFalse();
    }

    @Test
    void cookiesLeaveTheHeadersAndRepeatedHeadersAreJoined() {
        APIGatewayV2HTTPEvent event = factory.create(request(List.of(
                new IncomingRequest.Header("Cookie", "a=1; b=2"),
                new IncomingRequest.Header("X-Thing", "one"),
                new IncomingRequest.Header("x-thing", "two"),
                new IncomingRequest.Header("Host", "api.example.com:8080")), new byte[0], "text/plain"),
                HEALTH, Instant.parse("2020-03-12T19:03:58.390Z"), "id", "Root=1-x");

        assertThat(event.getCookies()).containsExactly("a=1", "b=2");
        assertThat(event.getHeaders()).doesNotContainKey("cookie").containsEntry("x-thing", "one,two");
        assertThat(event.getRequestContext().getDomainName()).isEqualTo("api.example.com");
        assertThat(event.getRequestContext().getDomainPrefix()).isEqualTo("api");
        assertThat(event.getRequestContext().getTime()).isEqualTo("12/Mar/2020:19:03:58 +0000");
        assertThat(event.getRequestContext().getTimeEpoch()).isEqualTo(1584039838390L);
        assertThat(event.getBody()).isNull();
        assertThat(event.getIsBase64Encoded()).isFalse();
    }

    @Test
    void binaryBodiesAreBase64EncodedExactly() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xFF};

        APIGatewayV2HTTPEvent event = factory.create(request(List.of(), png, "image/png"), HEALTH,
                Instant.now(), "id", "Root=1-x");

        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(png);
    }

    @Test
    void textBodiesArePassedAsText() {
        APIGatewayV2HTTPEvent event = factory.create(request(List.of(),
                "{\"prompt\":\"é\"}".getBytes(StandardCharsets.UTF_8), "application/json"), HEALTH,
                Instant.now(), "id", "Root=1-x");

        assertThat(event.getIsBase64Encoded()).isFalse();
        assertThat(event.getBody()).isEqualTo("{\"prompt\":\"é\"}");
    }

    private static IncomingRequest request(List<IncomingRequest.Header> headers, byte[] body, String contentType) {
        List<IncomingRequest.Header> all = new java.util.ArrayList<>(headers);
        all.add(new IncomingRequest.Header("Content-Type", contentType));
        return new IncomingRequest("POST", "/health", "", all, body, "127.0.0.1", 8080, "HTTP/1.1");
    }
}
