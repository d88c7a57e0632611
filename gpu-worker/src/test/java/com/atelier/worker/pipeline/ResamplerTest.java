package com.atelier.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static float[] tensor(int side, java.util.function.IntBinaryOperator level) {
        float[] values = new float[3 * side * side];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    values[c * side * side + y * side + x] = level.applyAsInt(x, y) / 127.5f - 1f;
                }
            }
        }
        return values;
    }

    private static int red(BufferedImage image, int x, int y) {
        return (image.getRGB(x, y) >> 16) & 0xff;
    }

    @Test
    void aFlatImageStaysFlatAtAnySize() {
        float[] flat = tensor(16, (x, y) -> 200);
        for (int side : new int[] {8, 16, 40, 256}) {
            BufferedImage image = Resampler.toImage(flat, 0, 16, side);
            assertThat(image.getWidth()).isEqualTo(side);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    assertThat(red(image, x, y)).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void enlargingARampKeepsItARampBetweenPixelCentres() {
        float[] ramp = tensor(8, (x, y) -> 20 + 20 * x);
        BufferedImage image = Resampler.toImage(ramp, 0, 8, 64);
        // Output pixel x samples the source at (x + 0.5) / 8 - 0.5. Away from the repeated edges the line
        // stays a line, bent by OpenCV's kernel (a = -0.75, a little sharper than Keys' -0.5) by at most
        // 0.06 source pixels, 1.25 levels on this slope; half a pixel off would be 10 levels.
        for (int x = 12; x < 52; x++) {
            double source = (x + 0.5) / 8 - 0.5;
            assertThat((double) red(image, x, 30)).isCloseTo(20 + 20 * source, within(1.5));
        }
    }

    @Test
    void shrinkingAveragesInsteadOfSkipping() {
        float[] stripes = tensor(64, (x, y) -> x % 2 == 0 ? 0 : 254);
        BufferedImage image = Resampler.toImage(stripes, 0, 64, 16);
        for (int x = 2; x < 14; x++) {
            assertThat(red(image, x, 8)).isBetween(117, 137);
        }
    }

    @Test
    void readsTheImageAtItsOffsetInABatch() {
        float[] first = tensor(4, (x, y) -> 10);
        float[] second = tensor(4, (x, y) -> 240);
        float[] batch = new float[first.length * 2];
        System.arraycopy(first, 0, batch, 0, first.length);
        System.arraycopy(second, 0, batch, first.length, second.length);
        assertThat(red(Resampler.toImage(batch, first.length, 4, 12), 5, 5)).isEqualTo(240);
    }
}
