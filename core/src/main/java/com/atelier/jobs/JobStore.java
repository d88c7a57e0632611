package com.atelier.jobs;

import com.atelier.paging.PageCursor;
import com.atelier.time.SortableInstant;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The owner of the jobs table: a job is recorded once, and its status only moves forward. */
public final class JobStore {

    private static final TableSchema<JobItem> SCHEMA = TableSchema.fromBean(JobItem.class);
    private static final Set<String> CURSOR_ATTRIBUTES = Set.of("jobId", "accountId", "createdAt");

    private final DynamoDbTable<JobItem> table;

    public JobStore(DynamoDbEnhancedClient client, String tableName) {
        this.table = client.table(tableName, SCHEMA);
    }

    /** Records a new job as pending; when the id exists (a replayed request) the existing job is returned instead. */
    public JobRecord recordPending(String jobId, String accountId, JobKind kind, int images, int credits,
                                   String requestHash, JobSpec spec, Instant now) {
        JobItem item = new JobItem();
        spec.writeTo(item);
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

    /**
     * A worker takes the job: queued (or still pending: the message, sent after the debit, can arrive
     * before the admission marks the job queued), or running under an earlier attempt whose worker
     * stopped (its message came back, so nobody is extending it). Returns the job with its new attempt
     * number; empty when the job is finished or unknown, so the delivery is only acknowledged.
     */
    public Optional<JobRecord> claim(String jobId, Instant now) {
        while (true) {
            JobItem item = read(jobId);
            if (item == null) {
                return Optional.empty();
            }
            JobStatus status = JobStatus.valueOf(item.getStatus());
            if (status.next().isEmpty()) {
                return Optional.empty();
            }
            int attempt = item.getAttempt() == null ? 0 : item.getAttempt();
            item.setStatus(JobStatus.RUNNING.name());
            item.setAttempt(attempt + 1);
            item.setCompletedSteps(0);
            item.setTotalSteps(null);
            item.setUpdatedAt(SortableInstant.format(now));
            // One worker per attempt: the write holds only if nobody claimed or finished the job since the read.
            if (putIf(item, status, attempt)) {
                return Optional.of(JobRecord.of(item));
            }
        }
    }

    /** Steps done of all steps; false when the attempt is no longer the job's (another worker took it). */
    public boolean recordProgress(String jobId, int attempt, int completedSteps, int totalSteps, Instant now) {
        JobItem item = read(jobId);
        if (!runningUnder(item, attempt)) {
            return false;
        }
        item.setCompletedSteps(completedSteps);
        item.setTotalSteps(totalSteps);
        item.setUpdatedAt(SortableInstant.format(now));
        return putIf(item, JobStatus.RUNNING, attempt);
    }

    /** The attempt's images are stored: the job succeeds with their keys and its cost. */
    public boolean complete(String jobId, int attempt, List<String> imageKeys, int flaggedImages, JobCost cost, Instant now) {
        return finish(jobId, attempt, JobStatus.SUCCEEDED, Optional.empty(), imageKeys, flaggedImages, cost, now);
    }

    /** Every image was flagged by the safety checker: the job is rejected (the caller refunds it). */
    public boolean reject(String jobId, int attempt, String reason, int flaggedImages, JobCost cost, Instant now) {
        return finish(jobId, attempt, JobStatus.REJECTED, Optional.of(reason), List.of(), flaggedImages, cost, now);
    }

    private boolean finish(String jobId, int attempt, JobStatus to, Optional<String> reason, List<String> imageKeys,
                           int flaggedImages, JobCost cost, Instant now) {
        JobItem item = read(jobId);
        if (!runningUnder(item, attempt)) {
            return false;
        }
        item.setStatus(to.name());
        item.setStatusReason(reason.orElse(null));
        item.setImageKeys(imageKeys.isEmpty() ? null : List.copyOf(imageKeys));
        item.setFlaggedImages(flaggedImages);
        int totalSteps = item.getTotalSteps() != null ? item.getTotalSteps() : cost.steps();
        item.setTotalSteps(totalSteps);
        item.setCompletedSteps(totalSteps);
        item.setModel(cost.model());
        item.setSteps(cost.steps());
        item.setDevice(cost.device());
        item.setDeviceMillis(cost.deviceMillis());
        item.setWorkMillis(cost.workMillis());
        item.setUpdatedAt(SortableInstant.format(now));
        return putIf(item, JobStatus.RUNNING, attempt);
    }

    /**
     * A job whose message reached the dead-letter queue fails, from any unfinished status, whatever the
     * attempt. Only one caller wins the move, so only one refunds.
     */
    public boolean failUnfinished(String jobId, String reason, Instant now) {
        while (true) {
            JobItem item = read(jobId);
            if (item == null) {
                return false;
            }
            JobStatus status = JobStatus.valueOf(item.getStatus());
            if (status.next().isEmpty()) {
                return false;
            }
            int attempt = item.getAttempt() == null ? 0 : item.getAttempt();
            item.setStatus(JobStatus.FAILED.name());
            item.setStatusReason(reason);
            item.setUpdatedAt(SortableInstant.format(now));
            if (putIf(item, status, attempt)) {
                return true;
            }
        }
    }

    private JobItem read(String jobId) {
        return table.getItem(request -> request.key(Key.builder().partitionValue(jobId).build()).consistentRead(true));
    }

    private static boolean runningUnder(JobItem item, int attempt) {
        return item != null && JobStatus.RUNNING.name().equals(item.getStatus())
                && item.getAttempt() != null && item.getAttempt() == attempt;
    }

    /** Writes the item back if its status and attempt are still those read (attempt 0: never claimed). */
    private boolean putIf(JobItem item, JobStatus status, int attempt) {
        Expression unchanged = attempt == 0
                ? Expression.builder().expression("#status = :status AND (attribute_not_exists(#attempt) OR #attempt = :attempt)")
                        .expressionNames(Map.of("#status", "status", "#attempt", "attempt"))
                        .expressionValues(Map.of(":status", AttributeValue.fromS(status.name()),
                                ":attempt", AttributeValue.fromN("0")))
                        .build()
                : Expression.builder().expression("#status = :status AND #attempt = :attempt")
                        .expressionNames(Map.of("#status", "status", "#attempt", "attempt"))
                        .expressionValues(Map.of(":status", AttributeValue.fromS(status.name()),
                                ":attempt", AttributeValue.fromN(Integer.toString(attempt))))
                        .build();
        try {
            table.putItem(request -> request.item(item).conditionExpression(unchanged));
            return true;
        } catch (ConditionalCheckFailedException movedMeanwhile) {
            return false;
        }
    }

    /** One page of an account's jobs, newest first; the cursor is opaque to callers. */
    public JobPage page(String accountId, int limit, Optional<String> cursor) {
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(accountId).build()))
                .scanIndexForward(false)
                .limit(limit);
        cursor.map(value -> PageCursor.decode(value, CURSOR_ATTRIBUTES, accountId)).ifPresent(request::exclusiveStartKey);
        Page<JobItem> page = table.index("byAccount").query(request.build()).iterator().next();
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        return new JobPage(page.items().stream().map(JobRecord::of).toList(),
                last == null || last.isEmpty() ? Optional.empty() : Optional.of(PageCursor.encode(last)));
    }

    public record JobPage(List<JobRecord> jobs, Optional<String> nextCursor) {
    }

    /** Every job that entered a final status in [from, to), through the byStatus index, all pages. */
    public List<JobRecord> finishedBetween(Instant from, Instant to) {
        List<JobRecord> finished = new ArrayList<>();
        for (JobStatus status : JobStatus.values()) {
            if (!status.next().isEmpty()) {
                continue;
            }
            table.index("byStatus").query(request -> request.queryConditional(QueryConditional.sortBetween(
                            Key.builder().partitionValue(status.name()).sortValue(SortableInstant.format(from)).build(),
                            Key.builder().partitionValue(status.name()).sortValue(SortableInstant.format(to.minusMillis(1))).build())))
                    .stream().flatMap(page -> page.items().stream()).map(JobRecord::of).forEach(finished::add);
        }
        return finished;
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
