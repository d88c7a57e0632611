package com.atelier.accounts;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import com.atelier.hashing.Sha256;
import com.atelier.time.SortableInstant;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The owner of the API keys table. A key is {@code sk-} and 256 random bits; it is shown once, at
 * creation, and stored as its SHA-256 (a slow hash adds nothing to a key with that much entropy),
 * so a stolen table opens nothing.
 */
public final class ApiKeyStore {

    private static final TableSchema<ApiKeyItem> SCHEMA = TableSchema.fromBean(ApiKeyItem.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int DISPLAY_PREFIX_LENGTH = 8;

    private final DynamoDbTable<ApiKeyItem> table;

    public ApiKeyStore(DynamoDbEnhancedClient client, String tableName) {
        this.table = client.table(tableName, SCHEMA);
    }

    /** A new key and the only moment its secret exists outside the caller's hands. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    public CreatedKey create(String accountId, String name, Instant now) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        ApiKeyItem item = new ApiKeyItem();
        item.setKeyHash(hash(secret));
        item.setKeyId("key_" + HexFormat.of().formatHex(random, 0, 8));
        item.setAccountId(accountId);
        item.setDisplayPrefix(secret.substring(0, DISPLAY_PREFIX_LENGTH) + "…" + secret.substring(secret.length() - 4));
        item.setName(name);
        item.setCreatedAt(SortableInstant.format(now));
        table.putItem(request -> request.item(item)
                .conditionExpression(Expression.builder().expression("attribute_not_exists(keyHash)").build()));
        return new CreatedKey(ApiKey.of(item), secret);
    }

    /** The key with this secret, revoked or not; empty when no key has it. */
    public Optional<ApiKey> findBySecret(String secret) {
        return Optional.ofNullable(table.getItem(Key.builder().partitionValue(hash(secret)).build())).map(ApiKey::of);
    }

    /** The account's keys, newest first. */
    public List<ApiKey> list(String accountId) {
        return table.index("byAccount").query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(accountId).build()))
                        .scanIndexForward(false).build())
                .stream().flatMap(page -> page.items().stream()).map(ApiKey::of).toList();
    }

    /** Revokes one of the account's keys; false when the account has no such key. Revoking twice keeps the first time. */
    public boolean revoke(String accountId, String keyId, Instant now) {
        Optional<ApiKeyItem> item = table.index("byAccount")
                .query(QueryConditional.keyEqualTo(Key.builder().partitionValue(accountId).build()))
                .stream().flatMap(page -> page.items().stream())
                .filter(candidate -> candidate.getKeyId().equals(keyId)).findFirst();
        if (item.isEmpty()) {
            return false;
        }
        ApiKeyItem revoked = table.getItem(Key.builder().partitionValue(item.get().getKeyHash()).build());
        if (revoked.getRevokedAt() != null) {
            return true;
        }
        revoked.setRevokedAt(SortableInstant.format(now));
        try {
            // The key keeps its owner: a revoke can never move a key to another account.
            table.putItem(request -> request.item(revoked).conditionExpression(Expression.builder()
                    .expression("accountId = :owner AND attribute_not_exists(revokedAt)")
                    .expressionValues(Map.of(":owner", AttributeValue.fromS(accountId))).build()));
        } catch (ConditionalCheckFailedException revokedMeanwhile) {
            return true;
        }
        return true;
    }

    static String hash(String secret) {
        return Sha256.hex(secret);
    }
}
