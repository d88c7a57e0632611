package com.atelier.functions.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Just enough of DynamoDB, in memory, for a handler to get as far as its parsing in a unit test:
 * puts (conditions not checked) and gets for opening an account, issuing a key and authenticating,
 * the rate limiter's one counting update, and queries that find nothing. Anything else throws, so a
 * test that reaches further into the domain fails loudly instead of passing on a wrong fake. Keys are
 * refused as DynamoDB refuses them (a ValidationException, HTTP 400 from the service): empty, or longer
 * than 1,024 bytes, the sort key's limit, applied to every key here since none of ours comes near it.
 */
public final class InMemoryDynamoDb implements DynamoDbClient {

    private final Map<String, List<Map<String, AttributeValue>>> tables = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    @Override
    public synchronized PutItemResponse putItem(PutItemRequest request) {
        tables.computeIfAbsent(request.tableName(), name -> new ArrayList<>()).add(Map.copyOf(request.item()));
        return PutItemResponse.builder().build();
    }

    @Override
    public synchronized GetItemResponse getItem(GetItemRequest request) {
        checkKey(request.key().values());
        return tables.getOrDefault(request.tableName(), List.of()).stream()
                .filter(item -> item.entrySet().containsAll(request.key().entrySet()))
                .reduce((first, later) -> later)
                .map(item -> GetItemResponse.builder().item(item).build())
                .orElseGet(() -> GetItemResponse.builder().build());
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        checkKey(request.exclusiveStartKey().values());
        checkKey(request.expressionAttributeValues().values());
        return QueryResponse.builder().items(List.of()).count(0).build();
    }

    /** The rate limiter's update: add one to the key's count while it is under {@code :limit}. */
    @Override
    public synchronized UpdateItemResponse updateItem(UpdateItemRequest request) {
        checkKey(request.key().values());
        if (!request.updateExpression().startsWith("ADD #count :one")) {
            throw new UnsupportedOperationException("not faked: " + request.updateExpression());
        }
        String key = request.tableName() + "/" + request.key();
        int count = counters.getOrDefault(key, 0);
        if (count >= Integer.parseInt(request.expressionAttributeValues().get(":limit").n())) {
            throw ConditionalCheckFailedException.builder().message("over the limit").build();
        }
        counters.put(key, count + 1);
        return UpdateItemResponse.builder()
                .attributes(Map.of(request.expressionAttributeNames().get("#count"), AttributeValue.fromN(Integer.toString(count + 1))))
                .build();
    }

    private static void checkKey(Collection<AttributeValue> values) {
        for (AttributeValue value : values) {
            if (value.s() != null && (value.s().isEmpty() || value.s().getBytes(StandardCharsets.UTF_8).length > 1024)) {
                throw DynamoDbException.builder().statusCode(400)
                        .message("One or more parameter values were invalid: key size out of range").build();
            }
        }
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }
}
