package com.atelier.aws.review;

import com.atelier.aws.SnapStartPrimed;
import com.atelier.resources.AtelierResources;
import com.atelier.review.AlreadyResolvedException;
import com.atelier.review.Review;
import com.atelier.review.ReviewItemNotFoundException;
import com.atelier.review.ReviewLog;
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
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The reviews table: one item per review, listed by status and counted per account through its indexes. */
public final class DynamoDbReviewLog implements ReviewLog, SnapStartPrimed {

    private static final TableSchema<ReviewItem> SCHEMA = TableSchema.fromBean(ReviewItem.class);

    private final DynamoDbClient dynamoDb;
    private final DynamoDbTable<ReviewItem> table;
    private final String tableName;

    public DynamoDbReviewLog(DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamoDb = dynamoDb;
        this.table = enhanced.table(tableName, SCHEMA);
        this.tableName = tableName;
    }

    @Override
    public Review open(Review review) {
        ReviewItem item = new ReviewItem();
        item.setReviewId(review.reviewId());
        item.setKind(review.kind().name());
        item.setAccountId(review.accountId());
        item.setCategory(review.category().orElse(null));
        item.setEvidence(review.evidence());
        item.setPrompt(review.prompt().orElse(null));
        item.setStatus(Review.Status.OPEN.name());
        item.setStatusShard(statusKey(Review.Status.OPEN, review.reviewId()));
        item.setCreatedAt(SortableInstant.format(review.createdAt()));
        try {
            // A review id is opened once: a replay finds the first review and leaves it as it was.
            dynamoDb.putItem(request -> request.tableName(tableName).item(SCHEMA.itemToMap(item, true))
                    .conditionExpression("attribute_not_exists(reviewId)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return toReview(item);
        } catch (ConditionalCheckFailedException exists) {
            return toReview(existing(exists).orElseGet(() -> table.getItem(Key.builder().partitionValue(review.reviewId()).build())));
        }
    }

    /** Each shard's oldest {@code limit}, merged: the oldest {@code limit} overall may all sit in one shard. */
    @Override
    public List<Review> listByStatus(Review.Status status, int limit) {
        List<ReviewItem> oldest = new ArrayList<>();
        for (String key : AtelierResources.REVIEW_STATUS_SHARDS.keysOf(status.name())) {
            table.index(AtelierResources.STATUS_INDEX).query(QueryEnhancedRequest.builder()
                            .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(key).build()))
                            .limit(limit).build())
                    .stream().findFirst().ifPresent(page -> oldest.addAll(page.items()));
        }
        return oldest.stream().sorted(Comparator.comparing(ReviewItem::getCreatedAt).thenComparing(ReviewItem::getReviewId))
                .limit(limit).map(DynamoDbReviewLog::toReview).toList();
    }

    @Override
    public int countSince(String accountId, Set<Review.Kind> kinds, Instant since) {
        Set<String> kindNames = kinds.stream().map(Enum::name).collect(Collectors.toSet());
        return (int) table.index("byAccount").query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortGreaterThanOrEqualTo(Key.builder()
                                .partitionValue(accountId).sortValue(SortableInstant.format(since)).build()))
                        .build())
                .stream().flatMap(page -> page.items().stream()).filter(item -> kindNames.contains(item.getKind())).count();
    }

    @Override
    public Review resolve(String reviewId, Review.Resolution resolution) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":resolved", AttributeValue.fromS(Review.Status.RESOLVED.name()),
                ":resolvedShard", AttributeValue.fromS(statusKey(Review.Status.RESOLVED, reviewId)),
                ":open", AttributeValue.fromS(Review.Status.OPEN.name()),
                ":resolvedAt", AttributeValue.fromS(SortableInstant.format(resolution.resolvedAt())),
                ":resolvedBy", AttributeValue.fromS(resolution.resolvedBy()),
                ":outcome", AttributeValue.fromS(resolution.outcome())));
        String note = "";
        if (resolution.note().isPresent()) {
            values.put(":note", AttributeValue.fromS(resolution.note().get()));
            note = ", note = :note";
        }
        String update = "SET #status = :resolved, statusShard = :resolvedShard, resolvedAt = :resolvedAt, resolvedBy = :resolvedBy, outcome = :outcome" + note;
        try {
            // A review is resolved once, and only a review that exists.
            Map<String, AttributeValue> resolved = dynamoDb.updateItem(request -> request.tableName(tableName)
                    .key(Map.of("reviewId", AttributeValue.fromS(reviewId)))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(reviewId) AND #status = :open")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return toReview(SCHEMA.mapToItem(resolved));
        } catch (ConditionalCheckFailedException refused) {
            boolean exists = existing(refused).isPresent()
                    || table.getItem(Key.builder().partitionValue(reviewId).build()) != null;
            if (!exists) {
                throw new ReviewItemNotFoundException(reviewId);
            }
            throw new AlreadyResolvedException("This review item was already resolved.");
        }
    }

    /** DynamoDB answers the item in a refusal; servers that do not (dynalite) leave it to the caller to read. */
    private static Optional<ReviewItem> existing(ConditionalCheckFailedException refusal) {
        return refusal.hasItem() && !refusal.item().isEmpty() ? Optional.of(SCHEMA.mapToItem(refusal.item())) : Optional.empty();
    }

    private static String statusKey(Review.Status status, String reviewId) {
        return AtelierResources.REVIEW_STATUS_SHARDS.keyOf(status.name(), reviewId);
    }

    private static Review toReview(ReviewItem item) {
        Optional<Review.Resolution> resolution = Review.Status.RESOLVED.name().equals(item.getStatus())
                ? Optional.of(new Review.Resolution(Instant.parse(item.getResolvedAt()), item.getResolvedBy(),
                        item.getOutcome(), Optional.ofNullable(item.getNote())))
                : Optional.empty();
        return new Review(item.getReviewId(), Review.Kind.valueOf(item.getKind()), item.getAccountId(),
                Optional.ofNullable(item.getCategory()), item.getEvidence() == null ? List.of() : item.getEvidence(),
                Optional.ofNullable(item.getPrompt()), Instant.parse(item.getCreatedAt()), resolution);
    }

    @Override
    public void prime() {
        table.getItem(Key.builder().partitionValue(PRIMING_KEY).build());
    }
}
