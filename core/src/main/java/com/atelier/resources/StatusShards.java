package com.atelier.resources;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The partition key of a status index, spread over a fixed number of shards: {@code STATUS#k} with
 * {@code k = floorMod(itemId.hashCode(), shards)} (Java's {@link String#hashCode()}, which the
 * language specifies, so every writer and reader agrees). A status with one key would send every
 * item's write to one index partition key, which DynamoDB caps at 1,000 WCU; a reader asks every
 * shard and merges (docs/capacity.md).
 */
public record StatusShards(int shards) {

    public StatusShards {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1: " + shards);
        }
    }

    /** The index key of an item in a status. */
    public String keyOf(String status, String itemId) {
        return status + "#" + Math.floorMod(itemId.hashCode(), shards);
    }

    /** Every index key of a status, one per shard. */
    public List<String> keysOf(String status) {
        return IntStream.range(0, shards).mapToObj(shard -> status + "#" + shard).toList();
    }
}
