package com.atelier.review;

import com.atelier.time.SortableInstant;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The owner of the reviews table: what the filters flagged, waiting for a person, and what they decided. */
public final class ReviewQueue {

    public static final String OPEN = "OPEN";
    public static final String RESOLVED = "RESOLVED";
    /** Kinds of review item. */
    public static final String BLOCKED_PROMPT = "BLOCKED_PROMPT";
    public static final String BLOCKED_UPLOAD = "BLOCKED_UPLOAD";
    public static final String FLAGGED_OUTPUT = "FLAGGED_OUTPUT";
    public static final String ACCOUNT_FLAG = "ACCOUNT_FLAG";
    private static final int MAX_STORED_PROMPT = 1000;
    private static final TableSchema<ReviewItem> SCHEMA = TableSchema.fromBean(ReviewItem.class);

    private final DynamoDbTable<ReviewItem> table;

    public ReviewQueue(DynamoDbEnhancedClient client, String tableName) {
        this.table = client.table(tableName, SCHEMA);
    }

    /** Adds an open item; an item with the same id (a replay, or an account flagged twice in one window) is kept as it was. */
    public ReviewItem open(String reviewId, String kind, String accountId, String category, List<String> evidence,
                           String prompt, Instant now) {
        ReviewItem item = new ReviewItem();
        item.setReviewId(reviewId);
        item.setKind(kind);
        item.setAccountId(accountId);
        item.setCategory(category);
        item.setEvidence(evidence);
        item.setPrompt(prompt == null || prompt.length() <= MAX_STORED_PROMPT ? prompt : prompt.substring(0, MAX_STORED_PROMPT));
        item.setStatus(OPEN);
        item.setCreatedAt(SortableInstant.format(now));
        try {
            table.putItem(request -> request.item(item)
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(reviewId)").build()));
            return item;
        } catch (ConditionalCheckFailedException exists) {
            return table.getItem(Key.builder().partitionValue(reviewId).build());
        }
    }

    public List<ReviewItem> list(String status, int limit) {
        return table.index("byStatus").query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(status).build()))
                        .limit(limit).build())
                .stream().findFirst().map(page -> List.copyOf(page.items())).orElse(List.of());
    }

    /** How many items of these kinds the account has had since a moment: the measure of repeated tripping. */
    public int countSince(String accountId, Set<String> kinds, Instant since) {
        return (int) table.index("byAccount").query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortGreaterThanOrEqualTo(Key.builder()
                                .partitionValue(accountId).sortValue(SortableInstant.format(since)).build()))
                        .build())
                .stream().flatMap(page -> page.items().stream()).filter(item -> kinds.contains(item.getKind())).count();
    }

    /** Marks an open item reviewed, once. */
    public ReviewItem resolve(String reviewId, String adminId, String outcome, String note, Instant now) {
        ReviewItem item = table.getItem(request -> request.key(Key.builder().partitionValue(reviewId).build()).consistentRead(true));
        if (item == null) {
            throw new ReviewItemNotFoundException(reviewId);
        }
        if (!OPEN.equals(item.getStatus())) {
            throw new AlreadyResolvedException("This review item was already resolved.");
        }
        item.setStatus(RESOLVED);
        item.setResolvedAt(SortableInstant.format(now));
        item.setResolvedBy(adminId);
        item.setOutcome(outcome);
        item.setNote(note);
        try {
            table.putItem(request -> request.item(item).conditionExpression(Expression.builder()
                    .expression("#status = :open").expressionNames(Map.of("#status", "status"))
                    .expressionValues(Map.of(":open", AttributeValue.fromS(OPEN))).build()));
        } catch (ConditionalCheckFailedException resolvedMeanwhile) {
            throw new AlreadyResolvedException("This review item was resolved by someone else meanwhile.");
        }
        return item;
    }
}
