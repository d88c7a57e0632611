package com.atelier.functions.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultipartFormTest {

    private static final String BOUNDARY = "----atelier-boundary";

    private static ApiRequest request(byte[] body) {
        return new ApiRequest("POST /v1/images/edits", "r1",
                Map.of("content-type", "multipart/form-data; boundary=" + BOUNDARY), Map.of(), Map.of(), body);
    }

    private static byte[] body(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na red star\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"in.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void readsTextFieldsAndFilesWithTheirExactBytes() {
        byte[] file = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0, (byte) 0xff, '-', '-'};
        MultipartForm form = MultipartForm.parse(request(body(file)), 1024);
        assertThat(form.part("prompt")).hasValueSatisfying(part -> {
            assertThat(part.text()).isEqualTo("a red star");
            assertThat(part.filename()).isEmpty();
        });
        assertThat(form.part("image")).hasValueSatisfying(part -> {
            assertThat(part.bytes()).containsExactly(file);
            assertThat(part.filename()).contains("in.png");
        });
        assertThat(form.part("mask")).isEmpty();
    }

    @Test
    void refusesAPartOverTheLimitAndABodyThatIsNotMultipart() {
        assertThatThrownBy(() -> MultipartForm.parse(request(body(new byte[2048])), 1024))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.param()).isEqualTo("image"));
        ApiRequest json = new ApiRequest("POST /v1/images/edits", "r2", Map.of("content-type", "application/json"),
                Map.of(), Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> MultipartForm.parse(json, 1024)).hasMessageContaining("multipart/form-data");
    }
}
