package com.atelier.paging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.TreeMap;
import java.util.Map;
import java.util.Set;

/**
 * The opaque "after" cursor of a paged list: the key of the last item of a page (string attributes,
 * DynamoDB's last evaluated key for the tables), as URL-safe base64 JSON. A cursor is accepted only with exactly the key attributes of its query and the
 * caller's own account, so nobody pages through another's items with a forged one.
 */
public final class PageCursor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PageCursor() {
    }

    /** A cursor that this API did not hand out, or not to this caller. */
    public static final class InvalidCursorException extends RuntimeException {
        public InvalidCursorException() {
            super("the cursor is not one this API returned");
        }
    }

    public static String encode(Map<String, String> key) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(new TreeMap<>(key)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    /** @throws InvalidCursorException unless it names exactly these attributes and this account */
    public static Map<String, String> decode(String cursor, Set<String> attributes, String accountId) {
        try {
            Map<String, String> plain = JSON.readValue(Base64.getUrlDecoder().decode(cursor), new TypeReference<>() {
            });
            // Forged values must not reach DynamoDB, which refuses an empty key part with an error, not an empty page.
            if (plain == null || !plain.keySet().equals(attributes) || !accountId.equals(plain.get("accountId"))
                    || plain.values().stream().anyMatch(value -> value == null || value.isEmpty())) {
                throw new InvalidCursorException();
            }
            return plain;
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidCursorException();
        }
    }
}
