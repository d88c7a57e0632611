package com.atelier.functions.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.webhooks.DeliveryAttempt;
import com.atelier.webhooks.ReceiverAddresses;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PinnedAddressSenderTest {

    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/redirect", exchange -> {
            requests.incrementAndGet();
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/verbose", exchange -> {
            requests.incrementAndGet();
            byte[] body = "x".repeat(100_000).getBytes();
            exchange.sendResponseHeaders(500, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException closedEarly) {
                // The sender stops reading after its few hundred bytes.
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private URI local(String path) {
        return URI.create("http://receiver.test:" + server.getAddress().getPort() + path);
    }

    private static PinnedAddressSender sender(boolean allowLoopback) {
        // The name resolves to loopback, as a rebinding attacker's name would on its second answer.
        return new PinnedAddressSender(new ReceiverAddresses(allowLoopback, host -> List.of(InetAddress.getLoopbackAddress())),
                allowLoopback, Clock.systemUTC());
    }

    @Test
    void aNameThatResolvesToLoopbackIsNeverConnectedToOutsideTheLocalStage() {
        DeliveryAttempt attempt = new PinnedAddressSender(new ReceiverAddresses(false,
                host -> List.of(InetAddress.getLoopbackAddress())), false, Clock.systemUTC())
                .post(URI.create("https://receiver.test:" + server.getAddress().getPort() + "/verbose"), Map.of(), "{}");

        assertThat(attempt.statusCode()).isEmpty();
        assertThat(attempt.error().orElseThrow()).contains("not public");
        assertThat(requests).hasValue(0);
    }

    @Test
    void aRedirectIsAnAnswerNotFollowed() {
        DeliveryAttempt attempt = sender(true).post(local("/redirect"), Map.of("webhook-id", "msg_1"), "{}");

        assertThat(attempt.statusCode()).contains(302);
        assertThat(attempt.delivered()).isFalse();
        assertThat(requests).hasValue(1);
    }

    @Test
    void onlyAFewHundredBytesOfAnAnswerAreKept() {
        DeliveryAttempt attempt = sender(true).post(local("/verbose"), Map.of(), "{}");

        assertThat(attempt.statusCode()).contains(500);
        assertThat(attempt.error().orElseThrow()).startsWith("Answered 500: ").hasSizeLessThan(300);
    }
}
