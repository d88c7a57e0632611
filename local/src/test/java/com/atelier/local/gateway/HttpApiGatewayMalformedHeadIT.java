package com.atelier.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.atelier.api.Route;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raw requests whose head a front proxy and the gateway could read differently. Undertow before
 * 2.3.25 ended a header at a bare CR or LF, so {@code X-Note: hello\rAuthorization: Bearer …}, one
 * header to a proxy, reached the function as two: a smuggled credential. The gateway now refuses
 * such a head before any function runs, and closes the connection so nothing after it is read as a
 * request; CR bytes in a body are data and pass untouched, on a connection that stays open.
 */
class HttpApiGatewayMalformedHeadIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** What {@link TestFunctions.Capturing} answers: 201 and the base64 body "AQID", three bytes. */
    private static final int CAPTURING_BODY_BYTES = 3;
    private static final String SMUGGLED = "Authorization: Bearer sk-smuggled";
    /**
     * A well-formed request that the property below spoils with one bare CR or LF in its head; it asks
     * for the connection to close, so that a server that took it would answer and not keep the test
     * waiting.
     */
    private static final String WELL_FORMED_HEAD = "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "X-Note: hello " + SMUGGLED + "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n";

    private static HttpApiGateway gateway;

    @BeforeContainer
    static void startGateway() {
        TestFunctions.Function capturing = TestFunctions.Function.of(TestFunctions.Capturing.class, Duration.ofSeconds(10));
        gateway = HttpApiGateway.start(List.of(new Route("POST", "/upload", capturing)),
                new LambdaFunctions("atelier-test-"), 0);
    }

    @AfterContainer
    static void stopGateway() {
        gateway.close();
    }

    @BeforeTry
    void forgetTheLastEvent() {
        TestFunctions.LAST_EVENT.set(null);
    }

    @Example
    void aBareCrInsideAHeaderValueIsRefusedBeforeAnyFunctionRuns() throws IOException {
        assertRefusedWithNothingServed("X-Note: hello\r" + SMUGGLED + "\r\n");
    }

    @Example
    void aBareLfInsideAHeaderValueIsRefusedBeforeAnyFunctionRuns() throws IOException {
        assertRefusedWithNothingServed("X-Note: hello\n" + SMUGGLED + "\r\n");
    }

    @Example
    void aCrInsideAHeaderNameIsRefusedBeforeAnyFunctionRuns() throws IOException {
        assertRefusedWithNothingServed("X-No\rte: hello\r\n" + SMUGGLED + "\r\n");
    }

    @Property
    void aBareCrOrLfAnywhereInTheHeadIsRefusedAndNoFunctionRuns(@ForAll("headsWithOneStrayLineBreakByte") String head)
            throws IOException {
        String answer = new String(exchange((head + "ok").getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.ISO_8859_1);

        assertThat(answer).startsWith("HTTP/1.1 400 ");
        assertThat(TestFunctions.LAST_EVENT.get()).isNull();
    }

    @Example
    void crBytesInBinaryBodiesLeaveAKeepAliveConnectionServingTheNextRequest() throws IOException {
        // A PNG signature holds CR LF and a lone LF; the rest reads as a head and a header to a parser
        // that would look for one inside the body.
        byte[] first = pngLike("\r\n\r\nX-Note: hello\r" + SMUGGLED + "\r\n\r\n");
        byte[] second = pngLike("\r" + SMUGGLED + "\n\r");
        try (Socket connection = connect()) {
            connection.getOutputStream().write(request("Content-Length: " + first.length + "\r\n", first));
            assertThat(readCapturingAnswer(connection.getInputStream())).startsWith("HTTP/1.1 201 ");
            assertBodyArrivedUnchanged(first);

            TestFunctions.LAST_EVENT.set(null);
            connection.getOutputStream().write(request("Transfer-Encoding: chunked\r\n", chunked(second)));
            assertThat(readCapturingAnswer(connection.getInputStream())).startsWith("HTTP/1.1 201 ");
            assertBodyArrivedUnchanged(second);
        }
    }

    /**
     * The well-formed head with a CR or LF put at any place from the request line's first byte to the
     * blank line that ends the head: wherever it lands, it is a line break that is not CR LF.
     */
    @Provide
    Arbitrary<String> headsWithOneStrayLineBreakByte() {
        int blankLine = WELL_FORMED_HEAD.length() - 2;
        return Combinators.combine(Arbitraries.integers().between(0, blankLine), Arbitraries.of('\r', '\n'))
                .as((position, stray) -> WELL_FORMED_HEAD.substring(0, position) + stray + WELL_FORMED_HEAD.substring(position));
    }

    /**
     * Sends a head holding {@code headerLines}, then a well-formed request on the same connection: the
     * gateway answers the first with 400 and closes, so the second is never read as a request. The
     * second asks to close the connection, so that a server that took both would not keep the test
     * waiting.
     */
    private static void assertRefusedWithNothingServed(String headerLines) throws IOException {
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        requests.writeBytes(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headerLines
                + "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nok").getBytes(StandardCharsets.ISO_8859_1));
        requests.writeBytes(request("Content-Length: 2\r\nConnection: close\r\n", "ok".getBytes(StandardCharsets.ISO_8859_1)));

        String answers = new String(exchange(requests.toByteArray()), StandardCharsets.ISO_8859_1);

        assertThat(answers).startsWith("HTTP/1.1 400 ");
        assertThat(answers.split("HTTP/1\\.1 ", -1)).as("answers on the connection").hasSize(2);
        assertThat(TestFunctions.LAST_EVENT.get()).isNull();
    }

    private static void assertBodyArrivedUnchanged(byte[] body) {
        APIGatewayV2HTTPEvent event = TestFunctions.LAST_EVENT.get();
        assertThat(event).isNotNull();
        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(body);
        assertThat(event.getHeaders()).doesNotContainKey("authorization");
    }

    private static byte[] request(String headerLines, byte[] body) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n" + headerLines
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(body);
        return request.toByteArray();
    }

    private static byte[] pngLike(String trailingText) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        png.writeBytes(trailingText.getBytes(StandardCharsets.ISO_8859_1));
        png.writeBytes(new byte[] {(byte) 0xFF, '\r', 0, '\r'});
        return png.toByteArray();
    }

    /** The body in two chunks, split between a CR and what follows it. */
    private static byte[] chunked(byte[] body) {
        int split = 5;
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        chunks.writeBytes((Integer.toHexString(split) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        chunks.write(body, 0, split);
        chunks.writeBytes(("\r\n" + Integer.toHexString(body.length - split) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        chunks.write(body, split, body.length - split);
        chunks.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return chunks.toByteArray();
    }

    /** Writes the bytes and reads until the gateway closes the connection. */
    private static byte[] exchange(byte[] requests) throws IOException {
        try (Socket connection = connect()) {
            connection.getOutputStream().write(requests);
            return connection.getInputStream().readAllBytes();
        }
    }

    /**
     * One answer of {@link TestFunctions.Capturing}, whose body length is known, so the connection can
     * be read up to the answer's end without parsing it and then used again.
     */
    private static String readCapturingAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            assertThat(next).as("a byte of the answer's head").isNotNegative();
            head.write(next);
        }
        assertThat(in.readNBytes(CAPTURING_BODY_BYTES)).containsExactly(1, 2, 3);
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static Socket connect() throws IOException {
        Socket connection = new Socket(gateway.url().getHost(), gateway.port());
        connection.setSoTimeout((int) READ_TIMEOUT.toMillis());
        return connection;
    }
}
