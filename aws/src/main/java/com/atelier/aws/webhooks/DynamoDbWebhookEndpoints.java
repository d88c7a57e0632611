package com.atelier.aws.webhooks;

import com.atelier.aws.SnapStartPrimed;
import com.atelier.events.EventType;
import com.atelier.time.SortableInstant;
import com.atelier.webhooks.WebhookEndpoint;
import com.atelier.webhooks.WebhookEndpoints;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Collectors;
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
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The webhook endpoints table. Each change is one UpdateItem of the attributes it changes, whose
 * condition names the account (so no account changes another's endpoint) and which answers the item
 * as it left it ({@code ALL_NEW}), so nothing is read after its own write.
 */
public final class DynamoDbWebhookEndpoints implements WebhookEndpoints, SnapStartPrimed {

    private static final TableSchema<WebhookEndpointItem> SCHEMA = TableSchema.fromBean(WebhookEndpointItem.class);
    private static final String DISABLED_THROUGH_API = "Disabled through the API.";
    private static final String DEFAULT_SECRET_KEY_PREFIX = "default#";

    private final DynamoDbClient dynamoDb;
    private final DynamoDbTable<WebhookEndpointItem> table;
    private final String tableName;

    public DynamoDbWebhookEndpoints(DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamoDb = dynamoDb;
        this.table = enhanced.table(tableName, SCHEMA);
        this.tableName = tableName;
    }

    @Override
    public boolean create(WebhookEndpoint endpoint) {
        try {
            // Ids are random; the condition keeps a clash from overwriting another account's endpoint.
            table.putItem(PutItemEnhancedRequest.builder(WebhookEndpointItem.class).item(toItem(endpoint))
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(endpointId)").build()).build());
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<WebhookEndpoint> find(String endpointId) {
        return Optional.ofNullable(table.getItem(request -> request.key(Key.builder().partitionValue(endpointId).build())
                .consistentRead(true))).map(DynamoDbWebhookEndpoints::toEndpoint);
    }

    @Override
    public List<WebhookEndpoint> listByAccount(String accountId, int limit) {
        return table.index("byAccount").query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(accountId).build()))
                        .scanIndexForward(false).limit(limit).build())
                .stream().findFirst()
                .map(page -> page.items().stream().map(DynamoDbWebhookEndpoints::toEndpoint).toList())
                .orElse(List.of());
    }

    @Override
    public Optional<WebhookEndpoint> update(String accountId, String endpointId, Changes changes) {
        Update update = new Update();
        changes.url().ifPresent(url -> update.set("url", AttributeValue.fromS(url.toString())));
        changes.description().ifPresent(description -> update.set("description", AttributeValue.fromS(description)));
        changes.events().ifPresent(events -> update.set("events", events(events)));
        changes.enabled().ifPresent(enabled -> {
            update.set("status", AttributeValue.fromS((enabled ? WebhookEndpoint.Status.ENABLED : WebhookEndpoint.Status.DISABLED).name()));
            if (enabled) {
                update.remove("disabledReason").remove("failingSince");
            } else {
                update.set("disabledReason", AttributeValue.fromS(DISABLED_THROUGH_API));
            }
        });
        if (update.isEmpty()) {
            update.set("accountId", AttributeValue.fromS(accountId)); // nothing to change: answer the item as it is
        }
        return ownedBy(accountId, endpointId, update);
    }

    @Override
    public boolean delete(String accountId, String endpointId) {
        try {
            dynamoDb.deleteItem(request -> request.tableName(tableName).key(key(endpointId))
                    .conditionExpression("accountId = :account")
                    .expressionAttributeValues(Map.of(":account", AttributeValue.fromS(accountId))));
            return true;
        } catch (ConditionalCheckFailedException notTheirs) {
            return false;
        }
    }

    @Override
    public Optional<WebhookEndpoint> rotateSecret(String accountId, String endpointId, String newSecret, Instant previousExpiresAt) {
        Update update = new Update();
        update.setExpression("previousSecret = secret");
        update.set("secret", AttributeValue.fromS(newSecret));
        update.set("previousSecretExpiresAt", AttributeValue.fromS(previousExpiresAt.toString()));
        return ownedBy(accountId, endpointId, update);
    }

    @Override
    public Optional<WebhookEndpoint> recordFailure(String endpointId, Instant at) {
        try {
            // The run's start is kept: only the first failure after a success sets it.
            return Optional.of(toEndpoint(SCHEMA.mapToItem(dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(key(endpointId))
                    .updateExpression("SET failingSince = if_not_exists(failingSince, :at)")
                    .conditionExpression("attribute_exists(endpointId)")
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(at.toString())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes())));
        } catch (ConditionalCheckFailedException deleted) {
            return Optional.empty();
        }
    }

    @Override
    public void recordSuccess(String endpointId) {
        try {
            dynamoDb.updateItem(request -> request.tableName(tableName).key(key(endpointId))
                    .updateExpression("REMOVE failingSince")
                    .conditionExpression("attribute_exists(endpointId)"));
        } catch (ConditionalCheckFailedException deleted) {
            // Deleted meanwhile: there is no run of failures left to end.
        }
    }

    @Override
    public String defaultSecret(String accountId, String secretIfNone) {
        // Its own item, without the accountId attribute, so the byAccount index never lists it as an endpoint;
        // '#' is in no endpoint id the API takes.
        return dynamoDb.updateItem(request -> request.tableName(tableName).key(key(DEFAULT_SECRET_KEY_PREFIX + accountId))
                .updateExpression("SET secret = if_not_exists(secret, :secret)")
                .expressionAttributeValues(Map.of(":secret", AttributeValue.fromS(secretIfNone)))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes().get("secret").s();
    }

    @Override
    public boolean disable(String endpointId, String reason) {
        try {
            // Only an enabled endpoint is disabled, so one call, and one event, says it stopped.
            dynamoDb.updateItem(request -> request.tableName(tableName).key(key(endpointId))
                    .updateExpression("SET #status = :disabled, disabledReason = :reason")
                    .conditionExpression("#status = :enabled")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":disabled", AttributeValue.fromS(WebhookEndpoint.Status.DISABLED.name()),
                            ":enabled", AttributeValue.fromS(WebhookEndpoint.Status.ENABLED.name()),
                            ":reason", AttributeValue.fromS(reason))));
            return true;
        } catch (ConditionalCheckFailedException disabledOrGone) {
            return false;
        }
    }

    private Optional<WebhookEndpoint> ownedBy(String accountId, String endpointId, Update update) {
        update.values.put(":owner", AttributeValue.fromS(accountId));
        try {
            return Optional.of(toEndpoint(SCHEMA.mapToItem(dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(key(endpointId))
                    .updateExpression(update.expression())
                    .conditionExpression("accountId = :owner")
                    .expressionAttributeNames(update.names.isEmpty() ? null : update.names)
                    .expressionAttributeValues(update.values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes())));
        } catch (ConditionalCheckFailedException notTheirs) {
            return Optional.empty();
        }
    }

    /** One UpdateItem's SET and REMOVE clauses, with their names and values. */
    private static final class Update {
        final StringJoiner sets = new StringJoiner(", ");
        final StringJoiner removes = new StringJoiner(", ");
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();

        /** Names go through placeholders: {@code url} and {@code status} are among DynamoDB's reserved words. */
        void set(String attribute, AttributeValue value) {
            names.put("#" + attribute, attribute);
            sets.add("#" + attribute + " = :" + attribute);
            values.put(":" + attribute, value);
        }

        void setExpression(String expression) {
            sets.add(expression);
        }

        Update remove(String attribute) {
            removes.add(attribute);
            return this;
        }

        boolean isEmpty() {
            return sets.length() == 0 && removes.length() == 0;
        }

        String expression() {
            return (sets.length() > 0 ? "SET " + sets : "") + (removes.length() > 0 ? " REMOVE " + removes : "");
        }
    }

    private static Map<String, AttributeValue> key(String endpointId) {
        return Map.of("endpointId", AttributeValue.fromS(endpointId));
    }

    private static AttributeValue events(java.util.Set<EventType> events) {
        return AttributeValue.fromL(events.stream().map(type -> AttributeValue.fromS(type.wireName())).toList());
    }

    private static WebhookEndpointItem toItem(WebhookEndpoint endpoint) {
        WebhookEndpointItem item = new WebhookEndpointItem();
        item.setEndpointId(endpoint.endpointId());
        item.setAccountId(endpoint.accountId());
        item.setCreatedAt(SortableInstant.format(endpoint.createdAt()));
        item.setUrl(endpoint.url().toString());
        item.setDescription(endpoint.description());
        item.setEvents(endpoint.events().stream().map(EventType::wireName).sorted().toList());
        item.setSecret(endpoint.secret());
        endpoint.previousSecret().ifPresent(item::setPreviousSecret);
        endpoint.previousSecretExpiresAt().ifPresent(at -> item.setPreviousSecretExpiresAt(at.toString()));
        item.setStatus(endpoint.status().name());
        endpoint.disabledReason().ifPresent(item::setDisabledReason);
        endpoint.failingSince().ifPresent(at -> item.setFailingSince(at.toString()));
        return item;
    }

    private static WebhookEndpoint toEndpoint(WebhookEndpointItem item) {
        return new WebhookEndpoint(item.getEndpointId(), item.getAccountId(), URI.create(item.getUrl()),
                item.getDescription(),
                item.getEvents() == null ? java.util.Set.of() : item.getEvents().stream()
                        .map(name -> EventType.ofWireName(name).orElseThrow()).collect(Collectors.toSet()),
                item.getSecret(), Optional.ofNullable(item.getPreviousSecret()),
                Optional.ofNullable(item.getPreviousSecretExpiresAt()).map(Instant::parse),
                WebhookEndpoint.Status.valueOf(item.getStatus()), Optional.ofNullable(item.getDisabledReason()),
                Optional.ofNullable(item.getFailingSince()).map(Instant::parse), Instant.parse(item.getCreatedAt()));
    }

    @Override
    public void prime() {
        find(PRIMING_KEY);
    }
}
