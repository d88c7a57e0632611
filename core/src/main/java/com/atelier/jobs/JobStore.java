package com.atelier.jobs;

import com.atelier.time.SortableInstant;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The owner of the jobs table: a job is recorded once, and its status only moves forward. */
public final class JobStore {

    private static final TableSchema<JobItem> SCHEMA = TableSchema.fromBean(JobItem.class);

    private final DynamoDbTable<JobItem> table;

    public JobStore(DynamoDbEnhancedClient client, String tableName) {
        this.table = client.table(tableName, SCHEMA);
    }

    /** Records a new job as pending; when the id exists (a replayed request) the existing job is returned instead. */
    public JobRecord recordPending(String jobId, String accountId, JobKind kind, int images, int credits,
                                   String requestHash, Instant now) {
        JobItem item = new JobItem();
        item.setJobId(jobId);
        item.setAccountId(accountId);
        item.setKind(kind.name());
        item.setImages(images);
        item.setCredits(credits);
        item.setStatus(JobStatus.PENDING.name());
        item.setRequestHash(requestHash);
        item.setCreatedAt(SortableInstant.format(now));
        item.setUpdatedAt(SortableInstant.format(now));
        try {
            table.putItem(request -> request.item(item)
                    .conditionExpression(Expression.builder().expression("attribute_not_exists(jobId)").build()));
            return JobRecord.of(item);
        } catch (ConditionalCheckFailedException exists) {
            return find(jobId).orElseThrow();
        }
    }

    public Optional<JobRecord> find(String jobId) {
        return Optional.ofNullable(table.getItem(request -> request
                .key(Key.builder().partitionValue(jobId).build()).consistentRead(true))).map(JobRecord::of);
    }

    /** Moves the job from the status read to a later one; false when someone moved it first. */
    public boolean transition(String jobId, JobStatus from, JobStatus to, Optional<String> reason, Instant now) {
        if (!from.next().contains(to)) {
            throw new IllegalArgumentException("a job never moves from " + from + " to " + to);
        }
        JobItem item = table.getItem(request -> request.key(Key.builder().partitionValue(jobId).build()).consistentRead(true));
        if (item == null || !item.getStatus().equals(from.name())) {
            return false;
        }
        item.setStatus(to.name());
        item.setStatusReason(reason.orElse(null));
        item.setUpdatedAt(SortableInstant.format(now));
        try {
            table.putItem(request -> request.item(item).conditionExpression(Expression.builder()
                    .expression("#status = :from")
                    .expressionNames(Map.of("#status", "status"))
                    .expressionValues(Map.of(":from", AttributeValue.fromS(from.name())))
                    .build()));
            return true;
        } catch (ConditionalCheckFailedException movedMeanwhile) {
            return false;
        }
    }

    /** Jobs in a status since before a moment, oldest first: how the reconciler finds stuck ones. */
    public List<JobRecord> inStatusSince(JobStatus status, Instant before, int limit) {
        return table.index("byStatus").query(request -> request
                        .queryConditional(QueryConditional.sortLessThan(Key.builder()
                                .partitionValue(status.name()).sortValue(SortableInstant.format(before)).build()))
                        .limit(limit))
                .stream().findFirst().map(page -> page.items().stream().map(JobRecord::of).toList()).orElse(List.of());
    }
}
