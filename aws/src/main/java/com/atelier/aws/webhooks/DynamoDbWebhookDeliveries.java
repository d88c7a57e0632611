package com.atelier.aws.webhooks;

import com.atelier.aws.SnapStartPrimed;
import com.atelier.time.SortableInstant;
import com.atelier.webhooks.DeliveryAttempt;
import com.atelier.webhooks.WebhookDelivery;
import com.atelier.webhooks.WebhookDeliveries;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The delivery log table: a delivery is put once; each attempt is one list_append with the status it leaves. */
public final class DynamoDbWebhookDeliveries implements WebhookDeliveries, SnapStartPrimed {

    private static final TableSchema<WebhookDeliveryItem> SCHEMA = TableSchema.fromBean(WebhookDeliveryItem.class);

    private final DynamoDbClient dynamoDb;
    private final DynamoDbTable<WebhookDeliveryItem> table;
    private final String tableName;

    public DynamoDbWebhookDeliveries(DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamoDb = dynamoDb;
        this.table = enhanced.table(tableName, SCHEMA);
        this.tableName = tableName;
    }

    @Override
    public boolean create(WebhookDelivery delivery) {
        WebhookDeliveryItem item = new WebhookDeliveryItem();
        item.setDeliveryId(delivery.deliveryId());
        item.setEndpointId(delivery.endpointId());
        item.setAccountId(delivery.accountId());
        item.setEventId(delivery.eventId());
        item.setEventType(delivery.eventType());
        item.setPayload(delivery.payload());
        item.setCallbackUrl(delivery.callbackUrl().map(URI::toString).orElse(null));
        item.setCreatedAt(SortableInstant.format(delivery.createdAt()));
        item.setStatus(delivery.status().name());
        item.setAttempts(delivery.attempts().stream().map(DynamoDbWebhookDeliveries::toItem).toList());
        try {
            // The id is derived from the event and the endpoint: a replayed event must not reset the log.
            table.putItem(PutItemEnhancedRequest.builder(WebhookDeliveryItem.class).item(item)
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(deliveryId)").build()).build());
            return true;
        } catch (ConditionalCheckFailedException seenBefore) {
            return false;
        }
    }

    @Override
    public Optional<WebhookDelivery> find(String deliveryId) {
        return Optional.ofNullable(table.getItem(request -> request.key(Key.builder().partitionValue(deliveryId).build())
                .consistentRead(true))).map(DynamoDbWebhookDeliveries::toDelivery);
    }

    @Override
    public List<WebhookDelivery> listByEndpoint(String endpointId, int limit) {
        return table.index("byEndpoint").query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(endpointId).build()))
                        .scanIndexForward(false).limit(limit).build())
                .stream().findFirst()
                .map(page -> page.items().stream().map(DynamoDbWebhookDeliveries::toDelivery).toList())
                .orElse(List.of());
    }

    @Override
    public void recordAttempt(String deliveryId, DeliveryAttempt attempt, WebhookDelivery.Status status) {
        Map<String, AttributeValue> logged = new HashMap<>();
        logged.put("at", AttributeValue.fromS(attempt.at().toString()));
        logged.put("latencyMillis", AttributeValue.fromN(Long.toString(attempt.latencyMillis())));
        attempt.statusCode().ifPresent(code -> logged.put("statusCode", AttributeValue.fromN(Integer.toString(code))));
        attempt.error().ifPresent(error -> logged.put("error", AttributeValue.fromS(error)));
        try {
            dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(Map.of("deliveryId", AttributeValue.fromS(deliveryId)))
                    .updateExpression("SET attempts = list_append(if_not_exists(attempts, :none), :attempt), #status = :status")
                    .conditionExpression("attribute_exists(deliveryId)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":none", AttributeValue.fromL(List.of()),
                            ":attempt", AttributeValue.fromL(List.of(AttributeValue.fromM(logged))),
                            ":status", AttributeValue.fromS(status.name()))));
        } catch (ConditionalCheckFailedException gone) {
            // No log to add to: the delivery was never made here.
        }
    }

    private static DeliveryAttemptItem toItem(DeliveryAttempt attempt) {
        DeliveryAttemptItem item = new DeliveryAttemptItem();
        item.setAt(attempt.at().toString());
        item.setStatusCode(attempt.statusCode().orElse(null));
        item.setLatencyMillis(attempt.latencyMillis());
        item.setError(attempt.error().orElse(null));
        return item;
    }

    private static WebhookDelivery toDelivery(WebhookDeliveryItem item) {
        List<DeliveryAttempt> attempts = item.getAttempts() == null ? List.of() : item.getAttempts().stream()
                .map(attempt -> new DeliveryAttempt(Instant.parse(attempt.getAt()), Optional.ofNullable(attempt.getStatusCode()),
                        attempt.getLatencyMillis(), Optional.ofNullable(attempt.getError())))
                .toList();
        return new WebhookDelivery(item.getDeliveryId(), item.getEndpointId(), item.getAccountId(), item.getEventId(),
                item.getEventType(), item.getPayload(), Instant.parse(item.getCreatedAt()),
                WebhookDelivery.Status.valueOf(item.getStatus()), attempts,
                Optional.ofNullable(item.getCallbackUrl()).map(URI::create));
    }

    @Override
    public void prime() {
        find(PRIMING_KEY);
    }
}
