package com.atelier.images;

import java.net.URL;
import java.time.Duration;
import java.util.Optional;

/** Where images are kept: PNGs in and out, and URLs that let clients fetch or upload one directly. */
public interface ImageBlobs {

    String PNG = "image/png";

    void putPng(String key, byte[] png);

    /** The object's bytes; empty when no object has the key (never put, expired, or removed). */
    Optional<byte[]> find(String key);

    /** A URL that reads one image until it expires; any change to it breaks its signature. */
    URL presignGet(String key, Duration validity);

    /**
     * A URL that writes one object of the given content type and exactly this many bytes until it
     * expires: the length is signed, so a larger body is refused by the store, not found later.
     */
    URL presignPut(String key, String contentType, long contentLengthBytes, Duration validity);
}
