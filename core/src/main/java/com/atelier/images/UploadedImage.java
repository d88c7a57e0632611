package com.atelier.images;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * An image uploaded for an edit or a variation, checked as OpenAI's API checks dall-e-2's: a PNG,
 * under 4 MB, square; a mask the same size as its image and with an alpha channel; an edit without a
 * mask needs an image with transparent pixels (they are what gets repainted).
 */
public record UploadedImage(byte[] png, int sidePixels, boolean hasTransparentPixels) {

    public static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

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

    /** @throws InvalidUploadException when it is not a square PNG under 4 MB */
    public static UploadedImage of(String field, byte[] bytes) {
        if (bytes.length == 0) {
            throw new InvalidUploadException(field, "'" + field + "' is empty.");
        }
        if (bytes.length >= MAX_BYTES) {
            throw new InvalidUploadException(field, "'" + field + "' must be a PNG smaller than 4 MB.");
        }
        if (bytes.length < PNG_SIGNATURE.length || !Arrays.equals(Arrays.copyOf(bytes, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
            throw new InvalidUploadException(field, "Invalid input image - format must be in ['png'], got another format.");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            image = null;
        }
        if (image == null) {
            throw new InvalidUploadException(field, "'" + field + "' could not be read as a PNG.");
        }
        if (image.getWidth() != image.getHeight()) {
            throw new InvalidUploadException(field, "'" + field + "' must be square; it is " + image.getWidth() + "x"
                    + image.getHeight() + ".");
        }
        return new UploadedImage(bytes, image.getWidth(), transparentPixels(image));
    }

    /** @throws InvalidUploadException when the mask does not fit this image */
    public void checkMask(UploadedImage mask, boolean maskHasAlpha) {
        if (mask.sidePixels() != sidePixels) {
            throw new InvalidUploadException("mask", "The mask must be the same size as the image: the image is "
                    + sidePixels + "x" + sidePixels + ", the mask " + mask.sidePixels() + "x" + mask.sidePixels() + ".");
        }
        if (!maskHasAlpha) {
            throw new InvalidUploadException("mask", "The mask must have an alpha channel: its transparent pixels"
                    + " mark where to edit.");
        }
    }

    /** Whether a PNG has an alpha channel at all. */
    public static boolean hasAlphaChannel(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            return image != null && image.getColorModel().hasAlpha();
        } catch (IOException e) {
            return false;
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
