package com.atelier.images;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * An image uploaded for an edit or a variation, checked as OpenAI's API checks dall-e-2's: a PNG,
 * under 4 MB, square; a mask the same size as its image and with an alpha channel; an edit without a
 * mask needs an image with transparent pixels (they are what gets repainted). The size comes from
 * the file's header before anything is decoded, and the file is decoded once, here: the face check
 * and every other check read these pixels.
 */
public final class UploadedImage {

    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /**
     * Twice the largest size made: a larger upload would only be scaled down, and the bound keeps a
     * decode within 16 MB of pixels and a fraction of a second.
     */
    public static final int MAX_SIDE_PIXELS = 2 * ImageSize.LARGE.sidePixels();

    private final byte[] png;
    private final BufferedImage pixels;
    private final boolean hasTransparentPixels;

    private UploadedImage(byte[] png, BufferedImage pixels) {
        this.png = png;
        this.pixels = pixels;
        this.hasTransparentPixels = transparentPixels(pixels);
    }

    /** A refused upload, naming the form field it came in. */
    public static final class InvalidUploadException extends RuntimeException {
        private final String field;

        public InvalidUploadException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** @throws InvalidUploadException when it is not a whole square PNG under 4 MB and {@value #MAX_SIDE_PIXELS} pixels a side */
    public static UploadedImage of(String field, byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidUploadException(field, "'" + field + "' is empty.");
        }
        if (bytes.length >= MAX_BYTES) {
            throw new InvalidUploadException(field, "'" + field + "' must be a PNG smaller than 4 MB.");
        }
        if (!PngHeader.hasSignature(bytes)) {
            throw new InvalidUploadException(field, "Invalid input image - format must be in ['png'], got another format.");
        }
        PngHeader header;
        try {
            header = PngHeader.read(bytes);
        } catch (PngHeader.InvalidPngException broken) {
            throw new InvalidUploadException(field, "'" + field + "' is not a valid PNG: " + broken.getMessage() + ".");
        }
        if (header.widthPixels() != header.heightPixels()) {
            throw new InvalidUploadException(field, "'" + field + "' must be square; it is " + header.widthPixels() + "x"
                    + header.heightPixels() + ".");
        }
        if (header.widthPixels() < 1 || header.widthPixels() > MAX_SIDE_PIXELS) {
            throw new InvalidUploadException(field, "'" + field + "' must be at most " + MAX_SIDE_PIXELS + "x"
                    + MAX_SIDE_PIXELS + " pixels; it is " + header.widthPixels() + "x" + header.heightPixels() + ".");
        }
        return new UploadedImage(bytes, decode(field, bytes));
    }

    private static BufferedImage decode(String field, byte[] png) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException | RuntimeException undecodable) {
            // ImageIO's PNG reader answers broken pixel data with unchecked exceptions as well as IIOException.
            image = null;
        }
        if (image == null) {
            throw new InvalidUploadException(field, "'" + field + "' could not be read as a PNG.");
        }
        return image;
    }

    public byte[] png() {
        return png;
    }

    /** The decoded pixels, shared: read them, never draw on them. */
    public BufferedImage pixels() {
        return pixels;
    }

    public int sidePixels() {
        return pixels.getWidth();
    }

    public boolean hasAlphaChannel() {
        return pixels.getColorModel().hasAlpha();
    }

    public boolean hasTransparentPixels() {
        return hasTransparentPixels;
    }

    /** @throws InvalidUploadException when the mask does not fit this image */
    public void checkMask(UploadedImage mask) {
        if (mask.sidePixels() != sidePixels()) {
            throw new InvalidUploadException("mask", "The mask must be the same size as the image: the image is "
                    + sidePixels() + "x" + sidePixels() + ", the mask " + mask.sidePixels() + "x" + mask.sidePixels() + ".");
        }
        if (!mask.hasAlphaChannel()) {
            throw new InvalidUploadException("mask", "The mask must have an alpha channel: its transparent pixels"
                    + " mark where to edit.");
        }
    }

    private static boolean transparentPixels(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int pixel : argb) {
            if ((pixel >>> 24) < 128) {
                return true;
            }
        }
        return false;
    }

    /** An edit needs somewhere to paint: a mask, or transparent pixels in the image. */
    public static void checkEditable(UploadedImage image, Optional<UploadedImage> mask) {
        if (mask.isEmpty() && !image.hasTransparentPixels()) {
            throw new InvalidUploadException("image", "The image has no transparent pixels and no mask was given:"
                    + " nothing marks where to edit.");
        }
    }
}
