package com.atelier.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17's header probe against the whole stack: an API key smuggled behind a bare CR, which a
 * proxy in front would pass as part of an {@code X-Note} value, authenticates nothing, so no job is
 * created and no credit moves.
 */
@ExtendWith(LocalStackExtension.class)
class HeaderSmugglingIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aKeySmuggledBehindABareCrCreatesNoJobAndChargesNothing(LocalStack stack) throws IOException {
        Api api = new Api(stack.gatewayUrl());
        JsonNode account = api.post("/v1/admin/accounts", stack.adminApiKey(), Map.of("roles", List.of("user"))).body();
        String key = account.at("/api_key/key").asText();
        api.post("/v1/admin/accounts/" + account.get("id").asText() + "/grants", stack.adminApiKey(),
                "{\"credits\":5,\"expires_at\":\"2099-01-01T00:00:00Z\"}");
        int before = api.get("/v1/credits", key).body().get("total").asInt();
        byte[] job = "{\"kind\":\"generation\",\"prompt\":\"a red circle\"}".getBytes(StandardCharsets.UTF_8);

        String answer = send(stack.gatewayUrl(), "POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Note: hello\rAuthorization: Bearer " + key + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + job.length + "\r\nConnection: close\r\n\r\n", job);

        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(api.get("/v1/credits", key).body().get("total").asInt()).isEqualTo(before);
        assertThat(api.get("/v1/jobs", key).body().get("data")).isEmpty();
    }

    /** Writes a head and body as they are, and reads until the gateway closes the connection. */
    private static String send(URI gateway, String head, byte[] body) throws IOException {
        try (Socket connection = new Socket(gateway.getHost(), gateway.getPort())) {
            connection.setSoTimeout((int) READ_TIMEOUT.toMillis());
            connection.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            connection.getOutputStream().write(body);
            return new String(connection.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
