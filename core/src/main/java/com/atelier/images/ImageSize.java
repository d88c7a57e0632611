package com.atelier.images;

import java.util.Arrays;
import java.util.Optional;

/** The sizes DALL-E 2 makes, as the API names them. */
public enum ImageSize {
    SMALL(256), MEDIUM(512), LARGE(1024);

    private final int sidePixels;

    ImageSize(int sidePixels) {
        this.sidePixels = sidePixels;
    }

    public int sidePixels() {
        return sidePixels;
    }

    public String apiName() {
        return sidePixels + "x" + sidePixels;
    }

    public static Optional<ImageSize> named(String name) {
        return Arrays.stream(values()).filter(size -> size.apiName().equals(name)).findFirst();
    }
}
