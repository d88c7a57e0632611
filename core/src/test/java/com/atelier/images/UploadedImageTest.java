package com.atelier.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class UploadedImageTest {

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    private static byte[] square(int side, boolean transparentCorner) throws IOException {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, transparentCorner && x < 4 && y < 4 ? 0x00ffffff : 0xff336699);
            }
        }
        return encode(image, "png");
    }

    @Test
    void acceptsASquarePngAndNotesItsTransparency() throws IOException {
        UploadedImage opaque = UploadedImage.of("image", square(64, false));
        assertThat(opaque.sidePixels()).isEqualTo(64);
        assertThat(opaque.hasTransparentPixels()).isFalse();
        assertThat(UploadedImage.of("image", square(64, true)).hasTransparentPixels()).isTrue();
    }

    @Test
    void refusesOtherFormatsShapesAndSizesNamingTheField() throws IOException {
        assertThatThrownBy(() -> UploadedImage.of("image", encode(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "jpg")))
                .isInstanceOfSatisfying(UploadedImage.InvalidUploadException.class, e -> assertThat(e.field()).isEqualTo("image"))
                .hasMessageContaining("png");
        assertThatThrownBy(() -> UploadedImage.of("mask", encode(new BufferedImage(64, 32, BufferedImage.TYPE_INT_ARGB), "png")))
                .isInstanceOfSatisfying(UploadedImage.InvalidUploadException.class, e -> assertThat(e.field()).isEqualTo("mask"))
                .hasMessageContaining("square");
        assertThatThrownBy(() -> UploadedImage.of("image", new byte[UploadedImage.MAX_BYTES]))
                .hasMessageContaining("4 MB");
        assertThatThrownBy(() -> UploadedImage.of("image", new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void aMaskMustMatchItsImageAndCarryAlpha() throws IOException {
        UploadedImage image = UploadedImage.of("image", square(64, false));
        UploadedImage smaller = UploadedImage.of("mask", square(32, true));
        assertThatThrownBy(() -> image.checkMask(smaller)).hasMessageContaining("same size");
        byte[] opaqueMask = encode(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png");
        assertThat(UploadedImage.of("mask", opaqueMask).hasAlphaChannel()).isFalse();
        assertThatThrownBy(() -> image.checkMask(UploadedImage.of("mask", opaqueMask))).hasMessageContaining("alpha");
        assertThatThrownBy(() -> UploadedImage.checkEditable(image, Optional.empty())).hasMessageContaining("no transparent pixels");
        UploadedImage.checkEditable(UploadedImage.of("image", square(64, true)), Optional.empty());
    }
}
