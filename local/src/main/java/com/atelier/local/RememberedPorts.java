package com.atelier.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * {@code ports.properties} in the state folder: the port S3 listened on at the last start, kept after
 * the stack stops (unlike {@code local.json}), so that the next start on the same folder listens there
 * again and the presigned image URLs handed out before a restart still load (their signature covers
 * the host and port). Read before anything else starts, so a plain properties file, not JSON.
 */
public final class RememberedPorts {

    private static final String S3 = "s3";

    private final Path file;

    public RememberedPorts(Path stateDir) {
        this.file = stateDir.resolve("ports.properties");
    }

    public OptionalInt s3() {
        Properties ports = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            ports.load(reader);
            return OptionalInt.of(Integer.parseInt(ports.getProperty(S3, "")));
        } catch (IOException | NumberFormatException e) {
            // None yet, or unreadable: any free port will do, and is remembered.
            return OptionalInt.empty();
        }
    }

    public void rememberS3(int port) {
        Properties ports = new Properties();
        ports.setProperty(S3, Integer.toString(port));
        try {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                ports.store(writer, "S3's port at the last start of the local stack on this state folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
