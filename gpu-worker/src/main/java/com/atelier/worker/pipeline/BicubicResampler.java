package com.atelier.worker.pipeline;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.stream.IntStream;

/**
 * Resamples the decoder's [3,H,W] output straight into an RGB image of another size: separable
 * bicubic convolution (Keys 1981, a = −0.5, as Pillow's BICUBIC), with the kernel widened by the
 * scale when shrinking so that every source pixel counts. Written here because the pipeline does it
 * for every image: Java2D's bicubic took 55 ms for a 64 → 1024 enlargement on this machine, this
 * takes a few (docs/benchmarks.md), and it skips a BufferedImage round trip.
 */
final class BicubicResampler {

    private static final double A = -0.5;

    private BicubicResampler() {
    }

    /** One axis: for each output index, the first source index and the weights from there. */
    private record Taps(int[] first, double[][] weights) {

        static Taps of(int sourceSize, int targetSize) {
            double scale = (double) sourceSize / targetSize;
            double support = 2 * Math.max(1, scale);
            double stretch = Math.max(1, scale);
            int[] first = new int[targetSize];
            double[][] weights = new double[targetSize][];
            for (int out = 0; out < targetSize; out++) {
                double centre = (out + 0.5) * scale - 0.5;
                int from = (int) Math.floor(centre - support) + 1;
                int to = (int) Math.floor(centre + support);
                double[] w = new double[to - from + 1];
                double sum = 0;
                for (int i = from; i <= to; i++) {
                    w[i - from] = kernel((i - centre) / stretch);
                    sum += w[i - from];
                }
                for (int i = 0; i < w.length; i++) {
                    w[i] /= sum;
                }
                first[out] = from;
                weights[out] = w;
            }
            return new Taps(first, weights);
        }
    }

    private static double kernel(double x) {
        double t = Math.abs(x);
        if (t < 1) {
            return ((A + 2) * t - (A + 3)) * t * t + 1;
        }
        if (t < 2) {
            return ((A * t - 5 * A) * t + 8 * A) * t - 4 * A;
        }
        return 0;
    }

    /** The image at {@code offset} of a [B,3,side,side] tensor in [-1, 1], at {@code targetSide}. */
    static BufferedImage toImage(float[] tensor, int offset, int side, int targetSide) {
        Taps taps = Taps.of(side, targetSide);
        int plane = side * side;
        // Rows first: side rows of targetSide values per channel.
        float[][] rows = new float[3][side * targetSide];
        for (int c = 0; c < 3; c++) {
            int channel = offset + c * plane;
            float[] target = rows[c];
            for (int y = 0; y < side; y++) {
                int row = channel + y * side;
                for (int x = 0; x < targetSide; x++) {
                    target[y * targetSide + x] = (float) weighted(tensor, row, side, taps.first()[x], taps.weights()[x]);
                }
            }
        }
        BufferedImage image = new BufferedImage(targetSide, targetSide, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        IntStream range = IntStream.range(0, targetSide);
        (targetSide >= 256 ? range.parallel() : range).forEach(y -> {
            // Columns next, a whole output row at a time: each tap adds a weighted source row, which the
            // JIT turns into vector instructions.
            int from = taps.first()[y];
            double[] weights = taps.weights()[y];
            float[][] sums = new float[3][targetSide];
            for (int c = 0; c < 3; c++) {
                float[] sum = sums[c];
                for (int tap = 0; tap < weights.length; tap++) {
                    float weight = (float) weights[tap];
                    int rowStart = Math.min(side - 1, Math.max(0, from + tap)) * targetSide;
                    float[] source = rows[c];
                    for (int x = 0; x < targetSide; x++) {
                        sum[x] += weight * source[rowStart + x];
                    }
                }
            }
            int offsetOut = y * targetSide;
            for (int x = 0; x < targetSide; x++) {
                rgb[offsetOut + x] = (Pixels.channel(sums[0][x]) << 16) | (Pixels.channel(sums[1][x]) << 8)
                        | Pixels.channel(sums[2][x]);
            }
        });
        return image;
    }

    /** Σ w·v over a run of a row's samples, its edge samples repeated beyond it. */
    private static double weighted(float[] values, int base, int length, int from, double[] weights) {
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            int index = Math.min(length - 1, Math.max(0, from + i));
            sum += weights[i] * values[base + index];
        }
        return sum;
    }
}
