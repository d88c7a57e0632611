package com.atelier.worker.pipeline;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import nu.pattern.OpenCV;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Resamples the decoder's [3,H,W] output into an RGB image of the asked size with OpenCV: bicubic when
 * enlarging, pixel-area averaging when shrinking (bicubic alone would skip most source pixels). The
 * image is taken to 8 bits at its native size first, as Pillow resamples, because OpenCV's 8-bit
 * resize is fixed-point SIMD: 4 enlargements from 64 to 1024 take about 3 ms here, against 24 ms for
 * a separable resampler in Java and 55 ms per image for Java2D's bicubic (docs/benchmarks.md).
 */
final class Resampler {

    private Resampler() {
    }

    /** Loads OpenCV's native library (once per process), so that the first job does not pay for it. */
    static void load() {
        OpenCV.loadLocally();
    }

    /** The image at {@code offset} of a [B,3,side,side] tensor in [-1, 1], at {@code targetSide}. */
    static BufferedImage toImage(float[] tensor, int offset, int side, int targetSide) {
        load();
        int plane = side * side;
        // Interleaved blue, green, red: OpenCV's order and that of TYPE_3BYTE_BGR's raster.
        byte[] bgr = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            bgr[3 * i] = (byte) Pixels.channel(tensor[offset + 2 * plane + i]);
            bgr[3 * i + 1] = (byte) Pixels.channel(tensor[offset + plane + i]);
            bgr[3 * i + 2] = (byte) Pixels.channel(tensor[offset + i]);
        }
        Mat source = new Mat(side, side, CvType.CV_8UC3);
        Mat resized = new Mat();
        try {
            source.put(0, 0, bgr);
            int interpolation = targetSide > side ? Imgproc.INTER_CUBIC : Imgproc.INTER_AREA;
            Imgproc.resize(source, resized, new Size(targetSide, targetSide), 0, 0, interpolation);
            BufferedImage image = new BufferedImage(targetSide, targetSide, BufferedImage.TYPE_3BYTE_BGR);
            resized.get(0, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData());
            return image;
        } finally {
            source.release();
            resized.release();
        }
    }
}
