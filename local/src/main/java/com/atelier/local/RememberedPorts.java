package com.atelier.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * {@code ports.json} in the state folder: the port S3 listened on at the last start, kept after the
 * stack stops (unlike {@code local.json}), so that the next start on the same folder listens there
 * again and the presigned image URLs handed out before a restart still load (their signature covers
 * the host and port).
 */
public final class RememberedPorts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public RememberedPorts(Path stateDir) {
        this.file = stateDir.resolve("ports.json");
    }

    public OptionalInt s3() {
        try {
            JsonNode ports = JSON.readTree(file.toFile());
            return ports.path("s3").isInt() ? OptionalInt.of(ports.get("s3").asInt()) : OptionalInt.empty();
        } catch (IOException e) {
            // None yet, or a file this version cannot read: any free port will do, and is remembered.
            return OptionalInt.empty();
        }
    }

    public void rememberS3(int port) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.createObjectNode().put("s3", port).toString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
