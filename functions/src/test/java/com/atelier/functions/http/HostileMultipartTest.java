package com.atelier.functions.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Multipart bodies an attacker would send: boundaries of any length and alphabet, part headers of any
 * size, any number of parts, oversized fields, random bytes. Each is read or refused with a 400 in
 * this API's words, never a failure of the parser's own.
 */
class HostileMultipartTest {

    private static final Pattern RFC_2046_BOUNDARY = Pattern.compile("[0-9A-Za-z'()+_,\\-./:=? ]{0,69}[0-9A-Za-z'()+_,\\-./:=?]");
    private static final String BOUNDARY = "hostile";
    /** Words of Commons FileUpload's own messages, which must not reach a client. */
    private static final Pattern LIBRARY_WORDS = Pattern.compile("(?i)exceed|maximum|stream|FileUpload|header section");

    @Property(tries = 200)
    void anyBoundaryIsReadWhenRfc2046AllowsItAndRefusedOtherwise(@ForAll("boundaries") String boundary) {
        byte[] body = form(boundary, part("prompt", "", "a red star"));
        ApiError refusal = catchThrowableOfType(ApiError.class, () -> assertThat(
                MultipartForm.parse(request(boundary, body), 1024).part("prompt").orElseThrow().text()).isEqualTo("a red star"));
        if (RFC_2046_BOUNDARY.matcher(boundary).matches()) {
            assertThat(refusal).isNull();
        } else {
            assertOurRefusal(refusal, null);
        }
    }

    @Provide
    Arbitrary<String> boundaries() {
        Arbitrary<String> rfc = Arbitraries.strings().withChars("0123456789abcXYZ'()+_,-./:=?").ofMinLength(1).ofMaxLength(90);
        Arbitrary<String> long_ = Arbitraries.strings().alpha().ofMinLength(71).ofMaxLength(10_000);
        Arbitrary<String> odd = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(80)
                .filter(value -> !value.contains("\"") && !value.contains(";") && !value.contains(","));
        return Arbitraries.oneOf(rfc, long_, odd);
    }

    @Property(tries = 100)
    void partHeadersOfAnySizeAreReadUpToTheLimitAndRefusedInOurWordsBeyond(@ForAll @IntRange(max = 20_000) int padding) {
        String headers = "Content-Disposition: form-data; name=\"prompt\"\r\nX-Padding: " + "p".repeat(padding) + "\r\n";
        byte[] body = form(BOUNDARY, ("--" + BOUNDARY + "\r\n" + headers + "\r\na red star\r\n").getBytes(StandardCharsets.UTF_8));
        ApiError refusal = catchThrowableOfType(ApiError.class, () -> MultipartForm.parse(request(BOUNDARY, body), 1024));
        if (headers.length() + 2 <= MultipartForm.MAX_PART_HEADER_BYTES) {
            assertThat(refusal).isNull();
        } else {
            assertOurRefusal(refusal, null);
            assertThat(refusal.getMessage()).contains("headers are longer than " + MultipartForm.MAX_PART_HEADER_BYTES);
        }
    }

    @Property(tries = 50)
    void aFormWithMorePartsThanAnyRequestOfOursIsRefused(@ForAll @IntRange(min = 1, max = 200) int parts) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (int i = 0; i < parts; i++) {
            fields.writeBytes(part("field" + i, "", "x"));
        }
        ApiError refusal = catchThrowableOfType(ApiError.class,
                () -> MultipartForm.parse(request(BOUNDARY, form(BOUNDARY, fields.toByteArray())), 1024));
        if (parts <= MultipartForm.MAX_PARTS) {
            assertThat(refusal).isNull();
        } else {
            assertOurRefusal(refusal, null);
        }
    }

    @Property(tries = 30)
    void aTextFieldOverItsLimitIsRefusedNamingIt(@ForAll @IntRange(min = 1, max = 64 * 1024) int length) {
        byte[] body = form(BOUNDARY, part("prompt", "", "p".repeat(length)));
        ApiError refusal = catchThrowableOfType(ApiError.class, () -> MultipartForm.parse(request(BOUNDARY, body), 1 << 20));
        if (length <= MultipartForm.MAX_TEXT_FIELD_BYTES) {
            assertThat(refusal).isNull();
        } else {
            assertOurRefusal(refusal, "prompt");
        }
    }

    @Property(tries = 20)
    void aFieldGivenTwiceIsRefusedNamingIt() {
        byte[] body = form(BOUNDARY, concat(part("n", "", "1"), part("n", "", "2")));
        assertOurRefusal(catchThrowableOfType(ApiError.class, () -> MultipartForm.parse(request(BOUNDARY, body), 1024)), "n");
    }

    @Property(tries = 300)
    void randomBytesAreReadOrRefusedInOurWords(@ForAll @Size(max = 2048) byte[] noise, @ForAll boolean framed) {
        byte[] body = framed ? form(BOUNDARY, concat(part("prompt", "", "x"), noise)) : noise;
        ApiError refusal = catchThrowableOfType(ApiError.class, () -> MultipartForm.parse(request(BOUNDARY, body), 1024));
        if (refusal != null) {
            assertOurRefusal(refusal, refusal.param());
        }
    }

    @Property(tries = 5)
    void aBodyOverLambdasLimitIsRefusedBeforeItIsParsed() {
        byte[] body = form(BOUNDARY, part("image", "; filename=\"in.png\"", "x".repeat(MultipartForm.MAX_BODY_BYTES)));
        assertOurRefusal(catchThrowableOfType(ApiError.class, () -> MultipartForm.parse(request(BOUNDARY, body), Long.MAX_VALUE)), null);
    }

    private static void assertOurRefusal(ApiError refusal, String param) {
        assertThat(refusal).isNotNull();
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.param()).isEqualTo(param);
        assertThat(refusal.getMessage()).doesNotContainPattern(LIBRARY_WORDS);
    }

    private static ApiRequest request(String boundary, byte[] body) {
        return new ApiRequest("POST /v1/images/edits", "r1",
                Map.of("content-type", "multipart/form-data; boundary=\"" + boundary + "\""), Map.of(), Map.of(), body);
    }

    private static byte[] part(String name, String dispositionTail, String content) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"" + dispositionTail + "\r\n\r\n"
                + content + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The parts, written for {@link #BOUNDARY}, framed with {@code boundary} instead. */
    private static byte[] form(String boundary, byte[] parts) {
        String text = new String(parts, StandardCharsets.ISO_8859_1).replace("--" + BOUNDARY + "\r\n", "--" + boundary + "\r\n");
        return (text + "--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
