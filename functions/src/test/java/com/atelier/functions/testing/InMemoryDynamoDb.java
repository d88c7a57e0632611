package com.atelier.functions.testing;

import java.util.ArrayList;
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

/**
 * Just enough of DynamoDB, in memory, for a handler to get as far as its parsing in a unit test:
 * puts (conditions not checked) and gets for opening an account, issuing a key and authenticating,
 * the rate limiter's one counting update, and queries that find nothing. Anything else throws, so a
 * test that reaches further into the domain fails loudly instead of passing on a wrong fake.
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
        return tables.getOrDefault(request.tableName(), List.of()).stream()
                .filter(item -> item.entrySet().containsAll(request.key().entrySet()))
                .reduce((first, later) -> later)
                .map(item -> GetItemResponse.builder().item(item).build())
                .orElseGet(() -> GetItemResponse.builder().build());
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return QueryResponse.builder().items(List.of()).count(0).build();
    }

    /** The rate limiter's update: add one to the key's count while it is under {@code :limit}. */
    @Override
    public synchronized UpdateItemResponse updateItem(UpdateItemRequest request) {
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

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }
}
