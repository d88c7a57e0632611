package com.atelier.aws.grants;

import com.atelier.aws.SnapStartPrimed;
import com.atelier.grants.GrantApplication;
import com.atelier.grants.GrantApplicationRepository;
import com.atelier.resources.AtelierResources;
import com.atelier.time.SortableInstant;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/** The grant applications table; a decision is one conditional UpdateItem of the decision's attributes. */
public final class DynamoDbGrantApplicationRepository implements GrantApplicationRepository, SnapStartPrimed {

    private static final TableSchema<GrantApplicationItem> SCHEMA = TableSchema.fromBean(GrantApplicationItem.class);

    private final DynamoDbClient dynamoDb;
    private final DynamoDbTable<GrantApplicationItem> table;
    private final String tableName;

    public DynamoDbGrantApplicationRepository(DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamoDb = dynamoDb;
        this.table = enhanced.table(tableName, SCHEMA);
        this.tableName = tableName;
    }

    @Override
    public void add(GrantApplication application) {
        GrantApplicationItem item = new GrantApplicationItem();
        item.setApplicationId(application.applicationId());
        item.setAccountId(application.accountId());
        item.setStatement(application.statement());
        item.setPortfolioUrl(application.portfolioUrl());
        item.setStatus(application.status().name());
        item.setStatusShard(statusKey(application.status(), application.applicationId()));
        item.setCreatedAt(SortableInstant.format(application.createdAt()));
        table.putItem(item);
    }

    @Override
    public Optional<GrantApplication> find(String applicationId) {
        return Optional.ofNullable(table.getItem(request -> request
                        .key(Key.builder().partitionValue(applicationId).build()).consistentRead(true)))
                .map(DynamoDbGrantApplicationRepository::toApplication);
    }

    /** Each shard's oldest {@code limit}, merged: the oldest {@code limit} overall may all sit in one shard. */
    @Override
    public List<GrantApplication> listByStatus(GrantApplication.Status status, int limit) {
        List<GrantApplicationItem> oldest = new ArrayList<>();
        for (String key : AtelierResources.GRANT_APPLICATION_STATUS_SHARDS.keysOf(status.name())) {
            table.index(AtelierResources.STATUS_INDEX).query(QueryEnhancedRequest.builder()
                            .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(key).build()))
                            .limit(limit).build())
                    .stream().findFirst().ifPresent(page -> oldest.addAll(page.items()));
        }
        return oldest.stream()
                .sorted(Comparator.comparing(GrantApplicationItem::getCreatedAt).thenComparing(GrantApplicationItem::getApplicationId))
                .limit(limit).map(DynamoDbGrantApplicationRepository::toApplication).toList();
    }

    @Override
    public boolean recordDecision(GrantApplication decided) {
        GrantApplication.Decision decision = decided.decision()
                .orElseThrow(() -> new IllegalArgumentException("application " + decided.applicationId() + " carries no decision"));
        Map<String, AttributeValue> values = new HashMap<>();
        StringJoiner sets = new StringJoiner(", ", "SET ", "");
        sets.add("#status = :outcome");
        values.put(":outcome", AttributeValue.fromS(decided.status().name()));
        sets.add("statusShard = :outcomeShard");
        values.put(":outcomeShard", AttributeValue.fromS(statusKey(decided.status(), decided.applicationId())));
        sets.add("decidedAt = :decidedAt");
        values.put(":decidedAt", AttributeValue.fromS(decision.decidedAt().toString()));
        sets.add("decidedBy = :decidedBy");
        values.put(":decidedBy", AttributeValue.fromS(decision.decidedBy()));
        decision.grantedCredits().ifPresent(credits -> {
            sets.add("grantedCredits = :credits");
            values.put(":credits", AttributeValue.fromN(Integer.toString(credits)));
        });
        decision.grantExpiresAt().ifPresent(expiresAt -> {
            sets.add("grantExpiresAt = :expiresAt");
            values.put(":expiresAt", AttributeValue.fromS(expiresAt.toString()));
        });
        decision.rejectionReason().ifPresent(reason -> {
            sets.add("rejectionReason = :reason");
            values.put(":reason", AttributeValue.fromS(reason));
        });
        values.put(":pending", AttributeValue.fromS(GrantApplication.Status.PENDING.name()));
        try {
            // A decision is taken once: it applies only to a still-pending application.
            dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(Map.of("applicationId", AttributeValue.fromS(decided.applicationId())))
                    .updateExpression(sets.toString())
                    .conditionExpression("#status = :pending")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException decidedBefore) {
            return false;
        }
    }

    private static String statusKey(GrantApplication.Status status, String applicationId) {
        return AtelierResources.GRANT_APPLICATION_STATUS_SHARDS.keyOf(status.name(), applicationId);
    }

    private static GrantApplication toApplication(GrantApplicationItem item) {
        GrantApplication pending = GrantApplication.pending(item.getApplicationId(), item.getAccountId(),
                item.getStatement(), item.getPortfolioUrl(), Instant.parse(item.getCreatedAt()));
        GrantApplication.Status status = GrantApplication.Status.valueOf(item.getStatus());
        if (status == GrantApplication.Status.PENDING) {
            return pending;
        }
        return pending.decided(status, new GrantApplication.Decision(Instant.parse(item.getDecidedAt()),
                item.getDecidedBy(), Optional.ofNullable(item.getGrantedCredits()),
                Optional.ofNullable(item.getGrantExpiresAt()).map(Instant::parse),
                Optional.ofNullable(item.getRejectionReason())));
    }

    @Override
    public void prime() {
        find(PRIMING_KEY);
    }
}
