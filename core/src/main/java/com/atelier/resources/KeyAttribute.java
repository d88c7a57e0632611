package com.atelier.resources;

import java.util.Objects;

/** A key attribute of a table or index: its name and DynamoDB scalar type. */
public record KeyAttribute(String name, Type type) {

    public enum Type { STRING, NUMBER, BINARY }

    public KeyAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static KeyAttribute string(String name) {
        return new KeyAttribute(name, Type.STRING);
    }
}
