package com.atelier.aws.ratelimit;

import com.atelier.ratelimit.RequestCounters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;

/** The rate limits table: one item per window, counted by a conditional ADD, forgotten by its TTL attribute. */
public final class DynamoDbRequestCounters implements RequestCounters {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbRequestCounters(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public OptionalInt incrementBelow(String windowKey, int limit, Instant forgetAfter) {
        // The condition lets a window without a count through, as if its count were zero: right for every
        // limit but one below one, where nothing is under the limit.
        if (limit < 1) {
            return OptionalInt.empty();
        }
        try {
            Map<String, AttributeValue> updated = dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(Map.of("windowKey", AttributeValue.fromS(windowKey)))
                    // The invariant: a window's count never passes the limit.
                    .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                    .updateExpression("ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)")
                    .expressionAttributeNames(Map.of("#count", "requests"))
                    .expressionAttributeValues(Map.of(
                            ":limit", AttributeValue.fromN(Integer.toString(limit)),
                            ":one", AttributeValue.fromN("1"),
                            ":expires", AttributeValue.fromN(Long.toString(forgetAfter.getEpochSecond()))))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes();
            return OptionalInt.of(Integer.parseInt(updated.get("requests").n()));
        } catch (ConditionalCheckFailedException overLimit) {
            return OptionalInt.empty();
        }
    }
}
