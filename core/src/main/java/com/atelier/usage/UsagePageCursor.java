package com.atelier.usage;

import com.atelier.paging.PageCursor;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The {@code page} / {@code next_page} cursor of the usage and costs routes: the start of the next
 * bucket, bound to the caller's scope and the bucket width, so a cursor from another account or
 * another query, or one made up, is refused.
 */
final class UsagePageCursor {

    private static final Set<String> FIELDS = Set.of("accountId", "width", "next");

    private UsagePageCursor() {
    }

    static String encode(UsageScope scope, BucketWidth width, Instant nextBucket) {
        return PageCursor.encode(Map.of("accountId", scope.key(), "width", width.wireName(),
                "next", Long.toString(nextBucket.getEpochSecond())));
    }

    /** @throws PageCursor.InvalidCursorException unless this API gave it for this scope and width */
    static Instant decode(String cursor, UsageScope scope, BucketWidth width) {
        Map<String, String> fields = PageCursor.decode(cursor, FIELDS, scope.key());
        try {
            Instant next = Instant.ofEpochSecond(Long.parseLong(fields.get("next")));
            if (!width.wireName().equals(fields.get("width")) || !width.bucketStart(next).equals(next)) {
                throw new PageCursor.InvalidCursorException();
            }
            return next;
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new PageCursor.InvalidCursorException();
        }
    }
}
