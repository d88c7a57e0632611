package com.atelier.resources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One DynamoDB table as Atelier uses it. Tables are billed on demand everywhere, so no capacity is
 * defined here.
 *
 * @param timeToLiveAttribute the epoch-seconds attribute after which DynamoDB deletes an item; the
 *                            local DynamoDB never expires items, so code that depends on expiry
 *                            also checks it when reading
 */
public record TableDefinition(
        String name,
        KeyAttribute partitionKey,
        Optional<KeyAttribute> sortKey,
        List<GlobalIndex> globalIndexes,
        Optional<String> timeToLiveAttribute,
        String purpose) {

    public TableDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(sortKey, "sortKey");
        globalIndexes = List.copyOf(globalIndexes);
        Objects.requireNonNull(timeToLiveAttribute, "timeToLiveAttribute");
        Objects.requireNonNull(purpose, "purpose");
        Map<String, KeyAttribute.Type> seen = new LinkedHashMap<>();
        for (KeyAttribute key : keyAttributesOf(partitionKey, sortKey, globalIndexes)) {
            KeyAttribute.Type earlier = seen.putIfAbsent(key.name(), key.type());
            if (earlier != null && earlier != key.type()) {
                throw new IllegalArgumentException(
                        "table " + name + " declares key " + key.name() + " as both " + earlier + " and " + key.type());
            }
        }
    }

    /** Every attribute used as a key by the table or one of its indexes, each once. */
    public List<KeyAttribute> keyAttributes() {
        Map<String, KeyAttribute> byName = new LinkedHashMap<>();
        for (KeyAttribute key : keyAttributesOf(partitionKey, sortKey, globalIndexes)) {
            byName.putIfAbsent(key.name(), key);
        }
        return List.copyOf(byName.values());
    }

    private static List<KeyAttribute> keyAttributesOf(
            KeyAttribute partitionKey, Optional<KeyAttribute> sortKey, List<GlobalIndex> globalIndexes) {
        List<KeyAttribute> keys = new ArrayList<>();
        keys.add(partitionKey);
        sortKey.ifPresent(keys::add);
        for (GlobalIndex index : globalIndexes) {
            keys.add(index.partitionKey());
            index.sortKey().ifPresent(keys::add);
        }
        return keys;
    }
}
