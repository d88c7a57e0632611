package com.atelier.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3.1 description of the HTTP API, kept beside the route table it describes (and tested
 * against it) so that clients generated from it reach every route and no other.
 */
public final class ApiDescription {

    /** Where the description lies on the class path; edit it there when a route changes. */
    public static final String RESOURCE = "openapi/atelier.json";

    private ApiDescription() {
    }

    /** The description as JSON text, read from the class path. */
    public static String json() {
        try (InputStream in = ApiDescription.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }
}
