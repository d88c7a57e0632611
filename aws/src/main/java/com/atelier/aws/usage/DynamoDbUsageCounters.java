package com.atelier.aws.usage;

import com.atelier.hashing.Sha256;
import com.atelier.usage.BucketWidth;
import com.atelier.usage.UsageCell;
import com.atelier.usage.UsageCounters;
import com.atelier.usage.UsageEvent;
import com.atelier.usage.UsageFigures;
import com.atelier.usage.UsageScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The usage counters table. One item per scope, bucket width, bucket and shard ({@code counterKey});
 * each cell of the bucket is a group of top-level number attributes named by a hash of the cell (ADD
 * works on top-level attributes only), with the cell itself beside them, and the item keeps the
 * (hashed) ids of the events it counted. Counting is one conditional UpdateItem per scope and width,
 * {@code ADD …, countedEvents :id} under {@code NOT contains(countedEvents, :id)}: a replay changes
 * nothing, with no transaction (which the local DynamoDB server lacks).
 *
 * <p>An item must stay under DynamoDB's 400 KB: an event's id hash takes about 26 bytes and a cell
 * about 200, so a bucket's cells are spread over shards by the cell's hash, and each cell's events over
 * a few of them by the event's, more shards for the longer widths; a read asks for every shard of each
 * bucket: its cost follows the buckets asked for and the distinct cells in them, never the jobs counted.
 */
public final class DynamoDbUsageCounters implements UsageCounters {

    /** Shards per bucket: a day of a busy organisation over 16 items, about 12,000 events each before 400 KB. */
    public static int shardsOf(BucketWidth width) {
        return switch (width) {
            case MINUTE -> 1;
            case HOUR -> 4;
            case DAY -> 16;
        };
    }

    /**
     * Each cell's events go to {@value #SHARDS_PER_CELL} of the bucket's shards, picked by the event: a
     * cell is then stored at most that many times (a read parses each copy), while one busy cell still
     * spreads its event ids over that many items.
     */
    private static final int SHARDS_PER_CELL = 4;

    static int shardOf(String cellHash, String eventHash, int shards) {
        return Math.floorMod(cellHash.hashCode() + Math.floorMod(eventHash.hashCode(), SHARDS_PER_CELL), shards);
    }

    private static final String KEY = "counterKey";
    private static final String COUNTED = "countedEvents";
    private static final String CELL = ":cell";
    private static final int KEYS_PER_BATCH_GET = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each figure's attribute suffix, in {@link UsageFigures}' order. */
    private static final List<String> MEASURES = List.of(":img", ":req", ":spent", ":refunded", ":deviceMs", ":gpuMs", ":refused");

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbUsageCounters(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public boolean count(UsageEvent event) {
        String eventHash = Sha256.hex(event.eventId()).substring(0, 24);
        String cellHash = Sha256.hex(descriptor(event.cell())).substring(0, 16);
        long[] figures = values(event.figures());
        boolean counted = false;
        for (UsageScope scope : List.of(UsageScope.account(event.cell().accountId()), UsageScope.organisation())) {
            for (BucketWidth width : BucketWidth.values()) {
                int shard = shardOf(cellHash, eventHash, shardsOf(width));
                counted |= add(key(scope, width, width.bucketStart(event.finishedAt()), shard), eventHash, cellHash,
                        event.cell(), figures);
            }
        }
        return counted;
    }

    private boolean add(String counterKey, String eventHash, String cellHash, UsageCell cell, long[] figures) {
        Map<String, String> names = new HashMap<>(Map.of("#counted", COUNTED, "#cell", cellHash + CELL));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":id", AttributeValue.fromS(eventHash),
                ":ids", AttributeValue.fromSs(List.of(eventHash)),
                ":cell", AttributeValue.fromS(descriptor(cell))));
        List<String> adds = new ArrayList<>(List.of("#counted :ids"));
        for (int i = 0; i < MEASURES.size(); i++) {
            if (figures[i] != 0) {
                names.put("#m" + i, cellHash + MEASURES.get(i));
                values.put(":m" + i, AttributeValue.fromN(Long.toString(figures[i])));
                adds.add("#m" + i + " :m" + i);
            }
        }
        try {
            dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(Map.of(KEY, AttributeValue.fromS(counterKey)))
                    .updateExpression("SET #cell = if_not_exists(#cell, :cell) ADD " + String.join(", ", adds))
                    // The invariant: an event adds to a bucket once, however often the feed delivers it.
                    .conditionExpression("attribute_not_exists(#counted) OR NOT contains(#counted, :id)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException replayed) {
            return false;
        }
    }

    @Override
    public Map<Instant, Map<UsageCell, UsageFigures>> read(UsageScope scope, BucketWidth width, List<Instant> bucketStarts) {
        Map<String, Instant> bucketOfKey = new LinkedHashMap<>();
        for (Instant start : bucketStarts) {
            for (int shard = 0; shard < shardsOf(width); shard++) {
                bucketOfKey.put(key(scope, width, start, shard), start);
            }
        }
        Map<Instant, Map<UsageCell, UsageFigures>> read = new LinkedHashMap<>();
        bucketStarts.forEach(start -> read.put(start, new HashMap<>()));
        List<String> keys = new ArrayList<>(bucketOfKey.keySet());
        for (int from = 0; from < keys.size(); from += KEYS_PER_BATCH_GET) {
            List<Map<String, AttributeValue>> batch = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_BATCH_GET))
                    .stream().map(key -> Map.of(KEY, AttributeValue.fromS(key))).toList();
            for (Map<String, AttributeValue> item : batchGet(batch)) {
                Map<UsageCell, UsageFigures> cells = read.get(bucketOfKey.get(item.get(KEY).s()));
                cellsOf(item).forEach((cell, figures) -> cells.merge(cell, figures, UsageFigures::plus));
            }
        }
        return read;
    }

    /** Every item of the keys, asking again for the ones DynamoDB leaves unprocessed. */
    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> pending = Map.of(tableName, KeysAndAttributes.builder().keys(keys).build());
        while (!pending.isEmpty()) {
            Map<String, KeysAndAttributes> asked = pending;
            BatchGetItemResponse response = dynamoDb.batchGetItem(request -> request.requestItems(asked));
            items.addAll(response.responses().getOrDefault(tableName, List.of()));
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return items;
    }

    private static Map<UsageCell, UsageFigures> cellsOf(Map<String, AttributeValue> item) {
        Map<UsageCell, UsageFigures> cells = new HashMap<>();
        item.forEach((name, value) -> {
            if (name.endsWith(CELL)) {
                String cellHash = name.substring(0, name.length() - CELL.length());
                long[] figures = new long[MEASURES.size()];
                for (int i = 0; i < MEASURES.size(); i++) {
                    AttributeValue measure = item.get(cellHash + MEASURES.get(i));
                    figures[i] = measure == null ? 0 : Long.parseLong(measure.n());
                }
                cells.merge(cell(value.s()), new UsageFigures(figures[0], figures[1], figures[2], figures[3], figures[4],
                        figures[5], figures[6]), UsageFigures::plus);
            }
        });
        return cells;
    }

    private static String key(UsageScope scope, BucketWidth width, Instant bucketStart, int shard) {
        return scope.key() + "|" + width.wireName() + "|" + bucketStart.getEpochSecond() + "|" + shard;
    }

    private static long[] values(UsageFigures figures) {
        return new long[]{figures.images(), figures.modelRequests(), figures.creditsSpent(), figures.creditsRefunded(),
                figures.deviceMillis(), figures.gpuMillis(), figures.refusedImages()};
    }

    private static String descriptor(UsageCell cell) {
        try {
            return JSON.writeValueAsString(Arrays.asList(cell.accountId(), cell.source(), cell.size(), cell.model(),
                    cell.apiKeyId().orElse(null), cell.endUser().orElse(null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serializes", e);
        }
    }

    private static UsageCell cell(String descriptor) {
        try {
            String[] fields = JSON.readValue(descriptor, String[].class);
            return new UsageCell(fields[0], fields[1], fields[2], fields[3], Optional.ofNullable(fields[4]),
                    Optional.ofNullable(fields[5]));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a usage cell this adapter did not write: " + descriptor, e);
        }
    }
}
