package com.atelier.testkit;

import com.atelier.images.ImageBlobs;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The images bucket as a map. Presigned URLs are not signed: {@code https://images.invalid/<key>?expires=<epoch s>}
 * ({@code .invalid} never resolves), enough for a test to see which object and until when.
 */
public final class InMemoryImageBlobs implements ImageBlobs {

    /** An object as stored: its bytes and content type. */
    public record Blob(byte[] bytes, String contentType) {
    }

    private final Map<String, Blob> objects = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryImageBlobs(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void putPng(String key, byte[] png) {
        objects.put(key, new Blob(png.clone(), PNG));
    }

    @Override
    public Optional<byte[]> find(String key) {
        return Optional.ofNullable(objects.get(key)).map(blob -> blob.bytes().clone());
    }

    @Override
    public URL presignGet(String key, Duration validity) {
        return url(key, validity, Optional.empty());
    }

    @Override
    public URL presignPut(String key, String contentType, long contentLengthBytes, Duration validity) {
        return url(key, validity, Optional.of("&contentType=" + contentType + "&contentLength=" + contentLengthBytes));
    }

    public Optional<Blob> object(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    private URL url(String key, Duration validity, Optional<String> signedHeaders) {
        long expires = clock.instant().plus(validity).getEpochSecond();
        String query = "expires=" + expires + signedHeaders.orElse("");
        try {
            return new URI("https", "images.invalid", "/" + key, query, null).toURL();
        } catch (MalformedURLException | URISyntaxException e) {
            throw new IllegalArgumentException("key " + key + " makes no URL", e);
        }
    }
}
