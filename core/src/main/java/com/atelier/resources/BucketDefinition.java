package com.atelier.resources;

import java.util.List;
import java.util.Objects;

/**
 * One S3 bucket and the key prefixes Atelier writes under it.
 *
 * @param resultsPrefix where the worker writes generated images: {@code results/{userId}/{jobId}/{index}.png}
 * @param uploadsPrefix where clients PUT images for edits and variations through presigned URLs
 * @param corsMethods   the methods browsers may use directly against the bucket (presigned GET and PUT)
 */
public record BucketDefinition(String name, String resultsPrefix, String uploadsPrefix, List<String> corsMethods) {

    public BucketDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resultsPrefix, "resultsPrefix");
        Objects.requireNonNull(uploadsPrefix, "uploadsPrefix");
        corsMethods = List.copyOf(corsMethods);
    }
}
