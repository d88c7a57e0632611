package com.atelier.functions.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reading typed fields of a JSON body, each wrong one answered with a 400 naming it. */
public final class JsonFields {

    private JsonFields() {
    }

    public static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw ApiError.invalidRequest(field, "'" + field + "' must be a string.");
        }
        return Optional.of(node.asText());
    }

    public static String requiredText(JsonNode body, String field) {
        return optionalText(body, field).filter(value -> !value.isBlank())
                .orElseThrow(() -> ApiError.missingParameter(field));
    }

    public static int requiredInt(JsonNode body, String field, int min, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.missingParameter(field);
        }
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            throw ApiError.invalidRequest(field, "'" + field + "' must be an integer from " + min + " to " + max + ".");
        }
        return node.asInt();
    }

    /** A time as Unix seconds (as OpenAI's APIs write times) or an ISO-8601 instant. */
    public static Instant requiredInstant(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.missingParameter(field);
        }
        if (node.isIntegralNumber()) {
            return Instant.ofEpochSecond(node.asLong());
        }
        if (node.isTextual()) {
            try {
                return Instant.parse(node.asText());
            } catch (DateTimeParseException e) {
                throw ApiError.invalidRequest(field, "'" + field + "' must be Unix seconds or an ISO-8601 time.");
            }
        }
        throw ApiError.invalidRequest(field, "'" + field + "' must be Unix seconds or an ISO-8601 time.");
    }
}
