package com.atelier.resources;

import java.util.Objects;
import java.util.Optional;

/** A global secondary index projecting all attributes (Atelier's queries read whole items). */
public record GlobalIndex(String name, KeyAttribute partitionKey, Optional<KeyAttribute> sortKey) {

    public GlobalIndex {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(sortKey, "sortKey");
    }

    public static GlobalIndex of(String name, KeyAttribute partitionKey, KeyAttribute sortKey) {
        return new GlobalIndex(name, partitionKey, Optional.of(sortKey));
    }
}
