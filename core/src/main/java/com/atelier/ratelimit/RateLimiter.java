package com.atelier.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Requests per account per minute, counted in one DynamoDB item per account and minute: a request is
 * let through by a conditional increment that holds only while the count is under the limit, so
 * concurrent requests can never pass more than the limit, whichever Lambda instance serves them.
 */
public final class RateLimiter {

    /** The outcome, with what OpenAI's x-ratelimit-* headers report. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final int requestsPerMinute;
    private final Clock clock;

    public RateLimiter(DynamoDbClient dynamoDb, String tableName, int requestsPerMinute, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.requestsPerMinute = requestsPerMinute;
        this.clock = clock;
    }

    public Decision take(String accountId) {
        Instant now = clock.instant();
        long minute = now.getEpochSecond() / 60;
        long resetSeconds = (minute + 1) * 60 - now.getEpochSecond();
        try {
            Map<String, AttributeValue> updated = dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(Map.of("windowKey", AttributeValue.fromS(accountId + "#" + minute)))
                    // The invariant: a minute's count never passes the limit.
                    .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                    .updateExpression("ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)")
                    .expressionAttributeNames(Map.of("#count", "requests"))
                    .expressionAttributeValues(Map.of(
                            ":limit", AttributeValue.fromN(Integer.toString(requestsPerMinute)),
                            ":one", AttributeValue.fromN("1"),
                            ":expires", AttributeValue.fromN(Long.toString((minute + 2) * 60))))
                    .returnValues(ReturnValue.UPDATED_NEW)).attributes();
            int count = Integer.parseInt(updated.get("requests").n());
            return new Decision(true, requestsPerMinute, requestsPerMinute - count, resetSeconds);
        } catch (ConditionalCheckFailedException overLimit) {
            return new Decision(false, requestsPerMinute, 0, resetSeconds);
        }
    }
}
