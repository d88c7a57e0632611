package com.atelier.local.client;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * {@code --area x,y,w,h}: the rectangle of an image to repaint, in its pixels from the top left. As
 * OpenAI's edits define a mask, the area is made fully transparent and the rest fully opaque.
 */
public record MaskArea(int x, int y, int width, int height) {

    public MaskArea {
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("an area is x,y,w,h with x and y of 0 or more and w and h of 1 or more");
        }
    }

    /** Parses {@code x,y,w,h}. */
    public static MaskArea parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not x,y,w,h (four whole numbers)");
        }
        int[] values = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                values[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not x,y,w,h (four whole numbers)");
            }
        }
        return new MaskArea(values[0], values[1], values[2], values[3]);
    }

    /** A PNG mask as large as the image, transparent over this area, which must lie inside the image. */
    public byte[] maskPng(int imageWidth, int imageHeight) {
        if ((long) x + width > imageWidth || (long) y + height > imageHeight) {
            throw new IllegalArgumentException("the area " + x + "," + y + "," + width + "," + height
                    + " does not fit in the " + imageWidth + "x" + imageHeight + " image");
        }
        BufferedImage mask = new BufferedImage(imageWidth, imageHeight, BufferedImage.TYPE_INT_ARGB);
        int opaqueBlack = 0xFF00_0000;
        for (int row = 0; row < imageHeight; row++) {
            for (int column = 0; column < imageWidth; column++) {
                boolean inside = column >= x && column < x + width && row >= y && row < y + height;
                mask.setRGB(column, row, inside ? 0 : opaqueBlack);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(mask, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
