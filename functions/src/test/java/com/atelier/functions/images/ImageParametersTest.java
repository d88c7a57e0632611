package com.atelier.functions.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atelier.functions.http.ApiError;
import com.atelier.images.ImageSize;
import com.atelier.images.UploadedImage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ImageParametersTest {

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }

    private static byte[] png(int side, int type, Random random) throws IOException {
        BufferedImage image = new BufferedImage(side, side, type);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"SMALL, 10", "MEDIUM, 5", "LARGE, 1"})
    void base64AnswersHoldAsManyImagesAsFitLambdasSixMegabytesAtTheirWorst(ImageSize size, int fitting) {
        assertThat(ImageParameters.base64ImagesFitting(size)).isEqualTo(fitting);
    }

    @ParameterizedTest
    @EnumSource(ImageSize.class)
    void theAllowedBase64ImagesFitTheAnswerAndOneMoreWouldNot(ImageSize size) {
        long base64PerImage = 4 * ((ImageParameters.worstCasePngBytes(size) + 2) / 3);
        int fitting = ImageParameters.base64ImagesFitting(size);

        assertThat(fitting * base64PerImage + ImageParameters.ENVELOPE_BYTES).isLessThanOrEqualTo(6L * 1024 * 1024);
        if (fitting < 10) {
            assertThat((fitting + 1) * base64PerImage + ImageParameters.ENVELOPE_BYTES).isGreaterThan(6L * 1024 * 1024);
        }
    }

    @Test
    void theWorstCaseIsNoSmallerThanAPngOfPureNoiseAsTheWorkerWritesIt() throws IOException {
        byte[] noise = png(1024, BufferedImage.TYPE_INT_RGB, new Random(7));

        assertThat((long) noise.length).isLessThanOrEqualTo(ImageParameters.worstCasePngBytes(ImageSize.LARGE));
    }

    @Test
    void b64JsonOverTheLimitIsRefusedNamingTheResponseFormatAndUrlsAreNot() throws IOException {
        JsonNode base64 = json("{\"response_format\":\"b64_json\"}");

        assertThat(ImageParameters.responseFormatIsBase64(base64, 1, ImageSize.LARGE)).isTrue();
        assertThat(ImageParameters.responseFormatIsBase64(base64, 5, ImageSize.MEDIUM)).isTrue();
        assertThatThrownBy(() -> ImageParameters.responseFormatIsBase64(base64, 6, ImageSize.MEDIUM))
                .isInstanceOfSatisfying(ApiError.class, error -> {
                    assertThat(error.status()).isEqualTo(400);
                    assertThat(error.param()).isEqualTo("response_format");
                    assertThat(error.getMessage()).contains("at most 5 images of 512x512");
                });
        assertThat(ImageParameters.responseFormatIsBase64(json("{\"response_format\":\"url\"}"), 10, ImageSize.LARGE)).isFalse();
        assertThat(ImageParameters.responseFormatIsBase64(json("{}"), 10, ImageSize.LARGE)).isFalse();
    }

    @Test
    void anEditsRefusalNamesTheParameterThisApiGaveTheImageAndTheMask() throws IOException {
        Random random = new Random(1);
        UploadedImage opaque = UploadedImage.of("image_upload_id", png(64, BufferedImage.TYPE_INT_RGB, random));
        UploadedImage smallMask = UploadedImage.of("mask_upload_id", png(32, BufferedImage.TYPE_INT_ARGB, random));

        assertThatThrownBy(() -> ImageParameters.checkEdit(opaque, Optional.empty(), "image_upload_id", "mask_upload_id"))
                .isInstanceOfSatisfying(UploadedImage.InvalidUploadException.class,
                        invalid -> assertThat(invalid.field()).isEqualTo("image_upload_id"));
        assertThatThrownBy(() -> ImageParameters.checkEdit(opaque, Optional.of(smallMask), "image_upload_id", "mask_upload_id"))
                .isInstanceOfSatisfying(UploadedImage.InvalidUploadException.class,
                        invalid -> assertThat(invalid.field()).isEqualTo("mask_upload_id"));
        assertThatThrownBy(() -> ImageParameters.checkEdit(opaque, Optional.of(smallMask), "image", "mask"))
                .isInstanceOfSatisfying(UploadedImage.InvalidUploadException.class,
                        invalid -> assertThat(invalid.field()).isEqualTo("mask"));
    }
}
