package com.atelier.aws.accounts;

import com.atelier.aws.SnapStartPrimed;
import com.atelier.accounts.ApiKey;
import com.atelier.accounts.ApiKeyRepository;
import com.atelier.time.SortableInstant;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The API keys table: one item per key under its secret's hash, found per account through {@code byAccount}. */
public final class DynamoDbApiKeyRepository implements ApiKeyRepository, SnapStartPrimed {

    private static final TableSchema<ApiKeyItem> SCHEMA = TableSchema.fromBean(ApiKeyItem.class);

    private final DynamoDbClient dynamoDb;
    private final DynamoDbTable<ApiKeyItem> table;
    private final String tableName;

    public DynamoDbApiKeyRepository(DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamoDb = dynamoDb;
        this.table = enhanced.table(tableName, SCHEMA);
        this.tableName = tableName;
    }

    @Override
    public boolean add(ApiKey key, String secretHash) {
        ApiKeyItem item = new ApiKeyItem();
        item.setKeyHash(secretHash);
        item.setKeyId(key.keyId());
        item.setAccountId(key.accountId());
        item.setDisplayPrefix(key.displayPrefix());
        item.setName(key.name());
        item.setCreatedAt(SortableInstant.format(key.createdAt()));
        key.revokedAt().map(SortableInstant::format).ifPresent(item::setRevokedAt);
        try {
            // A secret hash names one key for ever: a new key never replaces another.
            table.putItem(request -> request.item(item)
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(keyHash)").build()));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public Optional<ApiKey> findBySecretHash(String secretHash) {
        return Optional.ofNullable(table.getItem(Key.builder().partitionValue(secretHash).build()))
                .map(DynamoDbApiKeyRepository::toKey);
    }

    @Override
    public List<ApiKey> listByAccount(String accountId) {
        return itemsOf(accountId).stream().map(DynamoDbApiKeyRepository::toKey).toList();
    }

    @Override
    public Optional<ApiKey> revoke(String accountId, String keyId, Instant at) {
        Optional<ApiKeyItem> owned = itemsOf(accountId).stream()
                .filter(candidate -> candidate.getKeyId().equals(keyId)).findFirst();
        if (owned.isEmpty()) {
            return Optional.empty();
        }
        try {
            // The key keeps its owner (a revoke never touches another account's key) and its first revocation.
            Map<String, AttributeValue> revoked = dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(Map.of("keyHash", AttributeValue.fromS(owned.get().getKeyHash())))
                    .updateExpression("SET revokedAt = :at")
                    .conditionExpression("accountId = :owner AND attribute_not_exists(revokedAt)")
                    .expressionAttributeValues(Map.of(
                            ":at", AttributeValue.fromS(SortableInstant.format(at)),
                            ":owner", AttributeValue.fromS(accountId)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(toKey(SCHEMA.mapToItem(revoked)));
        } catch (ConditionalCheckFailedException revokedBefore) {
            return owned.map(DynamoDbApiKeyRepository::toKey);
        }
    }

    /** Newest first, every attribute: the index projects all of them. */
    private List<ApiKeyItem> itemsOf(String accountId) {
        return table.index("byAccount").query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(accountId).build()))
                        .scanIndexForward(false).build())
                .stream().flatMap(page -> page.items().stream()).toList();
    }

    private static ApiKey toKey(ApiKeyItem item) {
        return new ApiKey(item.getKeyId(), item.getAccountId(), item.getDisplayPrefix(), item.getName(),
                Instant.parse(item.getCreatedAt()), Optional.ofNullable(item.getRevokedAt()).map(Instant::parse));
    }

    @Override
    public void prime() {
        findBySecretHash(PRIMING_KEY);
    }
}
