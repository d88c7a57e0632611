package com.atelier.aws.jobs;

import com.atelier.aws.SnapStartPrimed;
import com.atelier.aws.paging.DynamoDbCursors;
import com.atelier.jobs.JobAttribution;
import com.atelier.jobs.JobCost;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobRepository;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobStatus;
import com.atelier.resources.AtelierResources;
import com.atelier.time.SortableInstant;
import com.atelier.webhooks.JobCallback;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The jobs table. Each status change is one conditional UpdateItem that returns the item as written
 * ({@code ALL_NEW}); the condition beside each write says which rule it keeps.
 */
public final class DynamoDbJobRepository implements JobRepository, SnapStartPrimed {

    private static final TableSchema<JobItem> SCHEMA = TableSchema.fromBean(JobItem.class);
    private static final Set<String> CURSOR_ATTRIBUTES = Set.of("jobId", "accountId", "createdAt");
    private static final List<String> UNFINISHED = Arrays.stream(JobStatus.values())
            .filter(status -> !status.isFinal()).map(Enum::name).toList();

    private final DynamoDbClient dynamoDb;
    private final DynamoDbTable<JobItem> table;
    private final String tableName;

    public DynamoDbJobRepository(DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamoDb = dynamoDb;
        this.table = enhanced.table(tableName, SCHEMA);
        this.tableName = tableName;
    }

    @Override
    public Recorded record(JobRecord job) {
        try {
            // A job id is recorded once: a replayed request must find the first job, never replace it.
            dynamoDb.putItem(request -> request.tableName(tableName).item(SCHEMA.itemToMap(toItem(job), true))
                    .conditionExpression("attribute_not_exists(jobId)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Recorded(job, true);
        } catch (ConditionalCheckFailedException taken) {
            // DynamoDB answers the item in the refusal; servers that do not (dynalite) cost one read.
            JobRecord existing = taken.hasItem() && !taken.item().isEmpty()
                    ? toRecord(SCHEMA.mapToItem(taken.item()))
                    : find(job.jobId()).orElseThrow(() -> new IllegalStateException("job " + job.jobId() + " vanished"));
            return new Recorded(existing, false);
        }
    }

    @Override
    public Optional<JobRecord> find(String jobId) {
        return Optional.ofNullable(table.getItem(request -> request
                .key(Key.builder().partitionValue(jobId).build()).consistentRead(true))).map(DynamoDbJobRepository::toRecord);
    }

    @Override
    public Optional<JobRecord> transition(String jobId, JobStatus from, JobStatus to, Optional<String> reason, Instant now) {
        if (!from.next().contains(to)) {
            throw new IllegalArgumentException("a job never moves from " + from + " to " + to);
        }
        Update update = new Update(jobId);
        update.moveTo(to);
        update.setOrRemove("statusReason", reason.map(AttributeValue::fromS));
        update.set("updatedAt", AttributeValue.fromS(SortableInstant.format(now)));
        // Status only moves forward: the move holds only from the status the caller saw.
        update.condition("#status = " + update.value(AttributeValue.fromS(from.name())));
        return update.apply();
    }

    @Override
    public Optional<JobRecord> claim(String jobId, Instant now) {
        Update update = new Update(jobId);
        update.moveTo(JobStatus.RUNNING);
        update.set("completedSteps", AttributeValue.fromN("0"));
        update.set("updatedAt", AttributeValue.fromS(SortableInstant.format(now)));
        update.add("attempt", AttributeValue.fromN("1"));
        update.remove("totalSteps");
        // A finished job is never taken again; each claim is a new attempt, so an earlier worker's writes stop holding.
        update.statusIsUnfinished();
        return update.apply();
    }

    @Override
    public boolean recordProgress(String jobId, int attempt, int completedSteps, int totalSteps) {
        Update update = new Update(jobId);
        update.set("completedSteps", AttributeValue.fromN(Integer.toString(completedSteps)));
        update.set("totalSteps", AttributeValue.fromN(Integer.toString(totalSteps)));
        update.runningUnder(attempt);
        return update.apply().isPresent();
    }

    @Override
    public Optional<JobRecord> complete(String jobId, int attempt, List<String> imageKeys, int flaggedImages, JobCost cost,
                                        Instant now) {
        return finish(jobId, attempt, JobStatus.SUCCEEDED, Optional.empty(), imageKeys, flaggedImages, cost, now);
    }

    @Override
    public Optional<JobRecord> reject(String jobId, int attempt, String reason, int flaggedImages, JobCost cost,
                                      Instant now) {
        return finish(jobId, attempt, JobStatus.REJECTED, Optional.of(reason), List.of(), flaggedImages, cost, now);
    }

    private Optional<JobRecord> finish(String jobId, int attempt, JobStatus to, Optional<String> reason,
                                       List<String> imageKeys, int flaggedImages, JobCost cost, Instant now) {
        Update update = new Update(jobId);
        update.moveTo(to);
        update.setOrRemove("statusReason", reason.map(AttributeValue::fromS));
        update.setOrRemove("imageKeys", imageKeys.isEmpty() ? Optional.empty()
                : Optional.of(AttributeValue.fromL(imageKeys.stream().map(AttributeValue::fromS).toList())));
        update.set("flaggedImages", AttributeValue.fromN(Integer.toString(flaggedImages)));
        String steps = update.value(AttributeValue.fromN(Integer.toString(cost.steps())));
        update.setExpression("totalSteps", "if_not_exists(totalSteps, " + steps + ")");
        update.setExpression("completedSteps", "if_not_exists(totalSteps, " + steps + ")");
        update.set("model", AttributeValue.fromS(cost.model()));
        update.set("steps", AttributeValue.fromN(Integer.toString(cost.steps())));
        update.set("device", AttributeValue.fromS(cost.device()));
        update.set("deviceMillis", AttributeValue.fromN(Long.toString(cost.deviceMillis())));
        update.set("workMillis", AttributeValue.fromN(Long.toString(cost.workMillis())));
        update.set("updatedAt", AttributeValue.fromS(SortableInstant.format(now)));
        update.runningUnder(attempt);
        return update.apply();
    }

    @Override
    public Optional<JobRecord> failUnfinished(String jobId, String reason, Instant now) {
        Update update = new Update(jobId);
        update.moveTo(JobStatus.FAILED);
        update.set("statusReason", AttributeValue.fromS(reason));
        update.set("updatedAt", AttributeValue.fromS(SortableInstant.format(now)));
        // Only one caller moves an unfinished job to failed, so only one outcome follows.
        update.statusIsUnfinished();
        return update.apply();
    }

    @Override
    public boolean markRedispatched(String jobId, Instant now) {
        Update update = new Update(jobId);
        update.set("redispatchedAt", AttributeValue.fromS(SortableInstant.format(now)));
        // Once per job, and only while it is still waiting for a worker.
        update.condition("#status = " + update.value(AttributeValue.fromS(JobStatus.QUEUED.name())));
        update.condition("attribute_not_exists(redispatchedAt)");
        return update.apply().isPresent();
    }

    @Override
    public JobPage page(String accountId, int limit, Optional<String> cursor) {
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(accountId).build()))
                .scanIndexForward(false)
                .limit(limit);
        cursor.map(value -> DynamoDbCursors.decode(value, CURSOR_ATTRIBUTES, accountId)).ifPresent(request::exclusiveStartKey);
        Page<JobItem> page = table.index("byAccount").query(request.build()).iterator().next();
        return new JobPage(page.items().stream().map(DynamoDbJobRepository::toRecord).toList(),
                DynamoDbCursors.encode(page.lastEvaluatedKey()));
    }

    @Override
    public List<JobRecord> finishedBetween(Instant from, Instant to) {
        List<JobRecord> finished = new ArrayList<>();
        for (JobStatus status : JobStatus.values()) {
            if (!status.isFinal()) {
                continue;
            }
            for (String key : AtelierResources.JOB_STATUS_SHARDS.keysOf(status.name())) {
                table.index(AtelierResources.STATUS_INDEX).query(request -> request.queryConditional(QueryConditional.sortBetween(
                                Key.builder().partitionValue(key).sortValue(SortableInstant.format(from)).build(),
                                Key.builder().partitionValue(key).sortValue(SortableInstant.format(to.minusMillis(1))).build())))
                        .stream().flatMap(page -> page.items().stream()).map(DynamoDbJobRepository::toRecord).forEach(finished::add);
            }
        }
        return finished;
    }

    /** Each shard's oldest {@code limit}, merged: the oldest {@code limit} overall may all sit in one shard. */
    @Override
    public List<JobRecord> inStatusSince(JobStatus status, Instant before, int limit) {
        List<JobRecord> oldest = new ArrayList<>();
        for (String key : AtelierResources.JOB_STATUS_SHARDS.keysOf(status.name())) {
            table.index(AtelierResources.STATUS_INDEX).query(request -> request
                            .queryConditional(QueryConditional.sortLessThan(Key.builder()
                                    .partitionValue(key).sortValue(SortableInstant.format(before)).build()))
                            .limit(limit))
                    .stream().findFirst().ifPresent(page -> page.items().stream().map(DynamoDbJobRepository::toRecord)
                            .forEach(oldest::add));
        }
        return oldest.stream().sorted(Comparator.comparing(JobRecord::updatedAt).thenComparing(JobRecord::jobId))
                .limit(limit).toList();
    }

    private static String statusKey(JobStatus status, String jobId) {
        return AtelierResources.JOB_STATUS_SHARDS.keyOf(status.name(), jobId);
    }

    /** A job as a stream record's image (or any item of this table) holds it. */
    public static JobRecord fromImage(Map<String, AttributeValue> image) {
        return toRecord(SCHEMA.mapToItem(image));
    }

    /** The item a job is stored as, key and status shard included (benchmarks seed history with it). */
    public static Map<String, AttributeValue> storedItem(JobRecord job) {
        return SCHEMA.itemToMap(toItem(job), true);
    }

    static JobItem toItem(JobRecord job) {
        JobItem item = new JobItem();
        item.setJobId(job.jobId());
        item.setAccountId(job.accountId());
        item.setKind(job.kind().name());
        item.setImages(job.images());
        item.setCredits(job.credits());
        item.setStatus(job.status().name());
        item.setStatusShard(statusKey(job.status(), job.jobId()));
        item.setStatusReason(job.statusReason().orElse(null));
        item.setRequestHash(job.requestHash());
        item.setCreatedAt(SortableInstant.format(job.createdAt()));
        item.setUpdatedAt(SortableInstant.format(job.updatedAt()));
        JobSpec spec = job.spec();
        item.setPrompt(spec.prompt());
        item.setRevisedPrompt(spec.revisedPrompt().orElse(null));
        item.setSizePixels(spec.sizePixels());
        item.setSeed(spec.seed());
        item.setSourceImageKey(spec.sourceImageKey().orElse(null));
        item.setMaskKey(spec.maskKey().orElse(null));
        item.setApiKeyId(job.attribution().apiKeyId().orElse(null));
        item.setEndUser(job.attribution().endUser().orElse(null));
        item.setRequestedModel(job.attribution().model());
        job.callback().ifPresent(callback -> {
            item.setCallbackUrl(callback.url().toString());
            item.setCallbackMoments(callback.momentsText());
        });
        if (job.attempt() > 0) {
            item.setAttempt(job.attempt());
            item.setCompletedSteps(job.completedSteps());
            item.setTotalSteps(job.totalSteps());
        }
        item.setImageKeys(job.imageKeys().isEmpty() ? null : job.imageKeys());
        item.setFlaggedImages(job.flaggedImages() == 0 ? null : job.flaggedImages());
        job.cost().ifPresent(cost -> {
            item.setModel(cost.model());
            item.setSteps(cost.steps());
            item.setDevice(cost.device());
            item.setDeviceMillis(cost.deviceMillis());
            item.setWorkMillis(cost.workMillis());
        });
        return item;
    }

    static JobRecord toRecord(JobItem item) {
        Optional<JobCost> cost = item.getModel() == null ? Optional.empty()
                : Optional.of(new JobCost(item.getModel(), orZero(item.getSteps()), item.getDevice(),
                        item.getDeviceMillis() == null ? 0 : item.getDeviceMillis(),
                        item.getWorkMillis() == null ? 0 : item.getWorkMillis()));
        JobSpec spec = new JobSpec(item.getPrompt() == null ? "" : item.getPrompt(),
                Optional.ofNullable(item.getRevisedPrompt()),
                item.getSizePixels() == null ? 1024 : item.getSizePixels(), item.getSeed() == null ? 0 : item.getSeed(),
                Optional.ofNullable(item.getSourceImageKey()), Optional.ofNullable(item.getMaskKey()));
        // Jobs recorded before attribution was kept asked for the only model ever served.
        JobAttribution attribution = new JobAttribution(Optional.ofNullable(item.getApiKeyId()),
                Optional.ofNullable(item.getEndUser()),
                item.getRequestedModel() == null ? JobAttribution.DALL_E_2 : item.getRequestedModel());
        return new JobRecord(item.getJobId(), item.getAccountId(), JobKind.valueOf(item.getKind()), item.getImages(),
                item.getCredits(), JobStatus.valueOf(item.getStatus()), Optional.ofNullable(item.getStatusReason()),
                item.getRequestHash(), Instant.parse(item.getCreatedAt()), Instant.parse(item.getUpdatedAt()),
                spec, orZero(item.getAttempt()), orZero(item.getCompletedSteps()),
                orZero(item.getTotalSteps()), item.getImageKeys() == null ? List.of() : List.copyOf(item.getImageKeys()),
                orZero(item.getFlaggedImages()), cost, attribution, callback(item));
    }

    private static Optional<JobCallback> callback(JobItem item) {
        return Optional.ofNullable(item.getCallbackUrl()).map(url -> new JobCallback(URI.create(url),
                JobCallback.momentsOf(item.getCallbackMoments())));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** One UpdateItem's clauses, placeholder names and values, applied with ReturnValues ALL_NEW. */
    private final class Update {
        private final String jobId;
        private final List<String> sets = new ArrayList<>();
        private final List<String> removes = new ArrayList<>();
        private final List<String> adds = new ArrayList<>();
        private final List<String> conditions = new ArrayList<>(List.of("attribute_exists(jobId)"));
        private final Map<String, String> names = new LinkedHashMap<>(Map.of("#status", "status"));
        private final Map<String, AttributeValue> values = new LinkedHashMap<>();

        Update(String jobId) {
            this.jobId = jobId;
        }

        String value(AttributeValue value) {
            String placeholder = ":v" + values.size();
            values.put(placeholder, value);
            return placeholder;
        }

        /** The status and its index key change in the same write, so the index never shows a job under a status it left. */
        void moveTo(JobStatus status) {
            set("#status", AttributeValue.fromS(status.name()));
            set(AtelierResources.STATUS_SHARD_ATTRIBUTE, AttributeValue.fromS(statusKey(status, jobId)));
        }

        void set(String attribute, AttributeValue value) {
            sets.add(attribute + " = " + value(value));
        }

        void setExpression(String attribute, String expression) {
            sets.add(attribute + " = " + expression);
        }

        void setOrRemove(String attribute, Optional<AttributeValue> value) {
            value.ifPresentOrElse(present -> set(attribute, present), () -> remove(attribute));
        }

        void add(String attribute, AttributeValue number) {
            adds.add(attribute + " " + value(number));
        }

        void remove(String attribute) {
            removes.add(attribute);
        }

        void condition(String clause) {
            conditions.add(clause);
        }

        void statusIsUnfinished() {
            condition("#status IN (" + UNFINISHED.stream().map(status -> value(AttributeValue.fromS(status)))
                    .collect(Collectors.joining(", ")) + ")");
        }

        /** A worker's write holds only while the job runs under the attempt it claimed. */
        void runningUnder(int attempt) {
            condition("#status = " + value(AttributeValue.fromS(JobStatus.RUNNING.name())));
            condition("attempt = " + value(AttributeValue.fromN(Integer.toString(attempt))));
        }

        Optional<JobRecord> apply() {
            StringBuilder expression = new StringBuilder("SET ").append(String.join(", ", sets));
            if (!removes.isEmpty()) {
                expression.append(" REMOVE ").append(String.join(", ", removes));
            }
            if (!adds.isEmpty()) {
                expression.append(" ADD ").append(String.join(", ", adds));
            }
            try {
                Map<String, AttributeValue> written = dynamoDb.updateItem(request -> request
                        .tableName(tableName)
                        .key(Map.of("jobId", AttributeValue.fromS(jobId)))
                        .updateExpression(expression.toString())
                        .conditionExpression(String.join(" AND ", conditions))
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.ALL_NEW)).attributes();
                return Optional.of(toRecord(SCHEMA.mapToItem(written)));
            } catch (ConditionalCheckFailedException movedMeanwhile) {
                return Optional.empty();
            }
        }
    }

    @Override
    public void prime() {
        find(PRIMING_KEY);
    }
}
