package com.atelier.functions.images;

import static com.atelier.functions.testing.HandlerFixture.body;
import static com.atelier.functions.testing.HandlerFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.functions.testing.HandlerFixture;
import com.atelier.testkit.HostilePngs;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * PNGs an attacker would upload to the Images API's edits and variations: decompression bombs that
 * declare any size, and files with any one byte changed (a broken CRC, length or header). Each is a
 * 400 naming its field, in OpenAI's error shape, answered at once and with nothing charged.
 */
class HostileImageUploadsTest {

    private static final HandlerFixture FIXTURE = new HandlerFixture(1_000_000);
    private static final ImagesHandler HANDLER = new ImagesHandler(ImagesHandler.Services.wire(FIXTURE.wiring()));
    private static final String BOUNDARY = "hostile-upload";
    /** A bomb's refusal reads a header and CRCs a few kilobytes: far below what decoding any of these would take. */
    private static final long MAX_ALLOCATED_BYTES = 64L * 1024 * 1024;
    private static final Duration MAX_ANSWER_TIME = Duration.ofSeconds(2);

    private final String apiKey = FIXTURE.newApiKey();

    @Example
    void a16384PixelSquareBombIsRefusedAtOnceWithoutDecoding() {
        assertRefusedCheaply("image", upload("variations", "image", HostilePngs.declaring(16384, 16384, 32 * 1024)));
    }

    @Example
    void a32769PixelSquareBombIsRefusedAtOnceWithoutDecoding() {
        assertRefusedCheaply("image", upload("variations", "image", HostilePngs.declaring(32769, 32769, 32 * 1024)));
    }

    @Example
    void aBoundaryOf8200CharactersIsA400() {
        APIGatewayV2HTTPEvent event = upload("variations", "image", HostilePngs.transparentSquare(64));
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("content-type", "multipart/form-data; boundary=" + "b".repeat(8200));
        event.setHeaders(headers);
        int creditsBefore = credits();

        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(body(response).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(body(response).at("/error/message").asText()).contains("boundary");
        assertThat(credits()).isEqualTo(creditsBefore);
    }

    @Property(tries = 40)
    void anyDeclaredSizeBeyondTheLimitIsRefusedCheaply(@ForAll @LongRange(min = 2049, max = 0xFFFF_FFFFL) long width,
                                                       @ForAll @LongRange(min = 1, max = 0xFFFF_FFFFL) long height,
                                                       @ForAll boolean square, @ForAll boolean edit) {
        byte[] bomb = HostilePngs.declaring(width, square ? width : height, 32 * 1024);
        assertRefusedCheaply("image", upload(edit ? "edits" : "variations", "image", bomb));
    }

    @Property(tries = 40)
    void aBombAsTheMaskIsRefusedNamingTheMask(@ForAll @LongRange(min = 2049, max = 0x7FFF_FFFFL) long side) {
        assertRefusedCheaply("mask", upload("edits", "mask", HostilePngs.declaring(side, side, 32 * 1024)));
    }

    @Property(tries = 80)
    void anyOneChangedByteIsA400NamingTheField(@ForAll @IntRange(min = 0, max = 10_000) int position,
                                               @ForAll @IntRange(min = 1, max = 255) int delta,
                                               @ForAll boolean edit) {
        byte[] png = HostilePngs.transparentSquare(64);
        byte[] broken = HostilePngs.withByteChanged(png, position % png.length, delta);
        assertRefused(edit ? "mask" : "image", upload(edit ? "edits" : "variations", edit ? "mask" : "image", broken));
    }

    @Property(tries = 50)
    void aSeedFormFieldBeyond2To32Less1OrNotAWholeNumberIsRefusedNamingIt(
            @ForAll @LongRange(min = 0x1_0000_0000L, max = Long.MAX_VALUE) long tooLarge) {
        for (String seed : new String[] {Long.toString(tooLarge), "-1", "7.0", "07", "seven", "1e3"}) {
            APIGatewayV2HTTPEvent event = upload("variations", "image", HostilePngs.transparentSquare(64));
            ByteArrayOutputStream form = new ByteArrayOutputStream();
            field(form, "seed", null, seed.getBytes(StandardCharsets.US_ASCII));
            form.writeBytes(Base64.getDecoder().decode(event.getBody()));
            event.setBody(Base64.getEncoder().encodeToString(form.toByteArray()));
            assertRefused("seed", event);
        }
    }

    private void assertRefusedCheaply(String field, APIGatewayV2HTTPEvent event) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        assertRefused(field, event);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(MAX_ANSWER_TIME);
        assertThat(threads.getCurrentThreadAllocatedBytes() - allocatedBefore).isLessThan(MAX_ALLOCATED_BYTES);
    }

    private void assertRefused(String field, APIGatewayV2HTTPEvent event) {
        int creditsBefore = credits();
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event, null);
        JsonNode error = body(response).get("error");
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo(field);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(credits()).isEqualTo(creditsBefore);
    }

    private int credits() {
        String accountId = FIXTURE.wiring().authenticator().authenticate("Bearer " + apiKey).accountId();
        return FIXTURE.wiring().credits().balance(accountId).total();
    }

    /** An edit (with a good image or mask beside the hostile one) or a variation, as multipart/form-data. */
    private APIGatewayV2HTTPEvent upload(String route, String hostileField, byte[] hostile) {
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        if (route.equals("edits")) {
            field(form, "prompt", null, "a red circle".getBytes(StandardCharsets.UTF_8));
            String other = hostileField.equals("image") ? "mask" : "image";
            field(form, other, other + ".png", HostilePngs.transparentSquare(64));
        }
        field(form, hostileField, hostileField + ".png", hostile);
        form.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        APIGatewayV2HTTPEvent event = event("images-generations", apiKey, Base64.getEncoder().encodeToString(form.toByteArray()));
        event.setIsBase64Encoded(true);
        event.setRouteKey("POST /v1/images/" + route);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("content-type", "multipart/form-data; boundary=" + BOUNDARY);
        event.setHeaders(headers);
        return event;
    }

    private static void field(ByteArrayOutputStream form, String name, String filename, byte[] content) {
        form.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"\r\nContent-Type: image/png") + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        form.writeBytes(content);
        form.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
