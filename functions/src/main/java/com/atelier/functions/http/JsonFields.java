package com.atelier.functions.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reading typed fields of a JSON body, each wrong one answered with a 400 naming it. Numbers are
 * strict, as OpenAI's are: an integer field takes a JSON integer in its range, never a fraction
 * ({@code 4.0}), an exponent ({@code 4e0}) or a number that only fits after wrapping round
 * ({@code 4294967297} is not 1).
 */
public final class JsonFields {

    /** Times as far as any store here can hold them (epoch milliseconds of the year 9999). */
    static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

    /** An integer as a form field or query parameter writes it: digits, an optional minus, no leading zeros. */
    private static final Pattern INTEGER_TEXT = Pattern.compile("-?(0|[1-9][0-9]{0,9})");
    /** A whole number as a form field writes it, up to 19 digits (every long, and some longer numbers to refuse). */
    private static final Pattern LONG_TEXT = Pattern.compile("-?(0|[1-9][0-9]{0,18})");

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

    /** A text of at most {@code maxLength} characters, so that no field can grow an item past DynamoDB's 400 KB. */
    public static Optional<String> optionalText(JsonNode body, String field, int maxLength) {
        Optional<String> text = optionalText(body, field);
        if (text.isPresent() && text.get().length() > maxLength) {
            throw ApiError.invalidRequest(field, "'" + field + "' must be at most " + maxLength + " characters.");
        }
        return text;
    }

    public static String requiredText(JsonNode body, String field) {
        return optionalText(body, field).filter(value -> !value.isBlank())
                .orElseThrow(() -> ApiError.missingParameter(field));
    }

    public static String requiredText(JsonNode body, String field, int maxLength) {
        return optionalText(body, field, maxLength).filter(value -> !value.isBlank())
                .orElseThrow(() -> ApiError.missingParameter(field));
    }

    /** An id the caller chooses, when given: one that could be a key ({@link Identifier#ID}). */
    public static Optional<String> optionalId(JsonNode body, String field) {
        return optionalText(body, field).map(id -> Identifier.ID.parse(field, id));
    }

    public static int requiredInt(JsonNode body, String field, int min, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.missingParameter(field);
        }
        return intIn(node, field, min, max);
    }

    /** @throws ApiError 400 naming the field unless the node is an integer from min to max */
    public static int intIn(JsonNode node, String field, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw ApiError.invalidRequest(field, "'" + field + "' must be an integer from " + min + " to " + max + ".");
        }
        return node.intValue();
    }

    /**
     * A form field's or query parameter's text as JSON: an integer that fits an int when written as one
     * ({@code 5}, not {@code +5}, {@code 05} or {@code 5.0}), else the text, for the field's rule to refuse.
     */
    public static JsonNode integerText(String text) {
        if (INTEGER_TEXT.matcher(text).matches()) {
            long value = Long.parseLong(text);
            if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                return IntNode.valueOf((int) value);
            }
        }
        return TextNode.valueOf(text);
    }

    /** As {@link #integerText}, for a field whose range goes beyond an int: a number that fits a long, else the text. */
    public static JsonNode longText(String text) {
        if (LONG_TEXT.matcher(text).matches()) {
            try {
                return LongNode.valueOf(Long.parseLong(text));
            } catch (NumberFormatException beyondLong) {
                return TextNode.valueOf(text);
            }
        }
        return TextNode.valueOf(text);
    }

    /** A time as Unix seconds (as OpenAI's APIs write times) or an ISO-8601 instant, from 1970 to the year 9999. */
    public static Instant requiredInstant(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.missingParameter(field);
        }
        ApiError invalid = ApiError.invalidRequest(field, "'" + field + "' must be Unix seconds or an ISO-8601 time,"
                + " from 1970 to the year 9999.");
        Instant instant;
        if (node.isIntegralNumber() && node.canConvertToLong()
                && node.longValue() >= 0 && node.longValue() <= LATEST_INSTANT.getEpochSecond()) {
            instant = Instant.ofEpochSecond(node.longValue());
        } else if (node.isTextual()) {
            try {
                instant = Instant.parse(node.asText());
            } catch (DateTimeParseException e) {
                throw invalid;
            }
        } else {
            throw invalid;
        }
        if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST_INSTANT)) {
            throw invalid;
        }
        return instant;
    }
}
