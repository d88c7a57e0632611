package com.atelier.local.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaskAreaTest {

    @Test
    void theAreaIsTransparentAndEverythingElseOpaque() throws IOException {
        BufferedImage mask = ImageIO.read(new ByteArrayInputStream(MaskArea.parse("2, 1, 3, 2").maskPng(8, 8)));

        assertThat(mask.getWidth()).isEqualTo(8);
        assertThat(mask.getColorModel().hasAlpha()).isTrue();
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                boolean inside = x >= 2 && x < 5 && y >= 1 && y < 3;
                assertThat(mask.getRGB(x, y) >>> 24).as("alpha at %d,%d", x, y).isEqualTo(inside ? 0 : 255);
            }
        }
    }

    @Test
    void anAreaOutsideTheImageIsRefused() {
        assertThatThrownBy(() -> MaskArea.parse("200,0,100,100").maskPng(256, 256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit in the 256x256 image");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,2,3", "1,2,3,4,5", "a,b,c,d", "0,0,0,4", "-1,0,4,4", ""})
    void anythingButFourWholeNumbersWithAPositiveSizeIsRefused(String area) {
        assertThatThrownBy(() -> MaskArea.parse(area)).isInstanceOf(IllegalArgumentException.class);
    }
}
