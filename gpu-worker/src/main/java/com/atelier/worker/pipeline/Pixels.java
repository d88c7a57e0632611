package com.atelier.worker.pipeline;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Conversions between images and the pipeline's [3,H,W] tensors in [-1, 1], and resampling. */
public final class Pixels {

    private Pixels() {
    }

    /** Channels-first values in [-1, 1] of an image's RGB (alpha dropped). */
    static void toTensor(BufferedImage image, float[] target, int offset) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        int plane = width * height;
        for (int i = 0; i < plane; i++) {
            int pixel = argb[i];
            target[offset + i] = ((pixel >> 16) & 0xff) / 127.5f - 1f;
            target[offset + plane + i] = ((pixel >> 8) & 0xff) / 127.5f - 1f;
            target[offset + 2 * plane + i] = (pixel & 0xff) / 127.5f - 1f;
        }
    }

    static BufferedImage toImage(float[] tensor, int offset, int width, int height) {
        int plane = width * height;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < plane; i++) {
            rgb[i] = (channel(tensor[offset + i]) << 16) | (channel(tensor[offset + plane + i]) << 8)
                    | channel(tensor[offset + 2 * plane + i]);
        }
        return image;
    }

    /** A value in [-1, 1] as an 8-bit channel, rounded to nearest. */
    static int channel(float value) {
        int level = (int) ((value + 1f) * 127.5f + 0.5f);
        return level < 0 ? 0 : Math.min(255, level);
    }

    /**
     * The image at a new square side: bicubic, and for shrinking by more than half, halved step by step
     * first so that every source pixel counts (one bicubic pass would skip most of them).
     */
    public static BufferedImage resize(BufferedImage image, int sidePixels) {
        if (image.getWidth() == sidePixels && image.getHeight() == sidePixels) {
            return image;
        }
        BufferedImage current = image;
        while (current.getWidth() / 2 >= sidePixels && current.getHeight() / 2 >= sidePixels) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        return draw(current, sidePixels, sidePixels, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    }

    private static BufferedImage draw(BufferedImage source, int width, int height, Object interpolation) {
        int type = source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage target = new BufferedImage(width, height, type);
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.drawImage(source, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return target;
    }

    /**
     * Which pixels to repaint, at a given side: where the mask (or, without one, the image itself) is
     * transparent. Nearest-neighbour, so that a hard mask edge stays hard.
     */
    static boolean[] repaintMask(BufferedImage maskSource, int sidePixels) {
        boolean[] repaint = new boolean[sidePixels * sidePixels];
        int width = maskSource.getWidth();
        int height = maskSource.getHeight();
        boolean hasAlpha = maskSource.getColorModel().hasAlpha();
        for (int y = 0; y < sidePixels; y++) {
            int sourceY = Math.min(height - 1, (int) ((y + 0.5) * height / sidePixels));
            for (int x = 0; x < sidePixels; x++) {
                int sourceX = Math.min(width - 1, (int) ((x + 0.5) * width / sidePixels));
                int alpha = hasAlpha ? (maskSource.getRGB(sourceX, sourceY) >>> 24) : 255;
                repaint[y * sidePixels + x] = alpha < 128;
            }
        }
        return repaint;
    }
}
