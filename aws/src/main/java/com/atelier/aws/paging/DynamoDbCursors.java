package com.atelier.aws.paging;

import com.atelier.paging.PageCursor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB's last evaluated keys (string attributes) as the API's opaque page cursors, and back. */
public final class DynamoDbCursors {

    private DynamoDbCursors() {
    }

    public static Optional<String> encode(Map<String, AttributeValue> lastEvaluatedKey) {
        if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> plain = new LinkedHashMap<>();
        lastEvaluatedKey.forEach((name, value) -> plain.put(name, value.s()));
        return Optional.of(PageCursor.encode(plain));
    }

    /** @throws PageCursor.InvalidCursorException unless it names exactly these attributes and this account */
    public static Map<String, AttributeValue> decode(String cursor, Set<String> attributes, String accountId) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        PageCursor.decode(cursor, attributes, accountId).forEach((name, value) -> key.put(name, AttributeValue.fromS(value)));
        return key;
    }
}
