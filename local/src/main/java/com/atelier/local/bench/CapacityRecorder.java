package com.atelier.local.bench;

import com.atelier.aws.capacity.ItemSize;
import com.atelier.local.iam.CallingPrincipal;
import com.atelier.resources.GlobalIndex;
import com.atelier.resources.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Records, while {@code ./atelier capacity-probe} asks it to (registered through the SDK's global
 * interceptor list; idle otherwise), every AWS call of the stack by request type, operation, table,
 * index, queue or bucket prefix, and partition key, with the capacity it consumed. DynamoDB calls
 * ask for {@code ReturnConsumedCapacity.TOTAL}; the local server answers the table's units but not
 * the indexes', so index writes are computed here from the item as written (every index projects
 * all attributes: one index write per write of an item the index holds, two when the write moves the
 * item to another index key, each billed on the item's size).
 */
public final class CapacityRecorder implements ExecutionInterceptor {

    private static final Pattern EQUALITY = Pattern.compile("(#?[A-Za-z0-9_]+)\\s*=\\s*(:[A-Za-z0-9_]+)");
    private static volatile Recording recording;

    /** What one (request type, operation, target) cost over a recording. */
    public static final class Tally {
        final LongAdder calls = new LongAdder();
        final LongAdder failedCalls = new LongAdder();
        final DoubleAdder units = new DoubleAdder();
        final LongAdder itemBytesWritten = new LongAdder();
        final LongAdder itemsWritten = new LongAdder();
        final Map<String, LongAdder> partitionKeys = new ConcurrentHashMap<>();
    }

    /**
     * One recording: names each call's request type from its principal and request (empty: not
     * recorded), and knows the tables so that keys and indexes can be named.
     */
    public static final class Recording {
        final BiFunction<String, SdkRequest, Optional<String>> requestType;
        final Map<String, TableDefinition> tablesByName;
        final String resourcePrefix;
        final Map<List<String>, Tally> tallies = new ConcurrentHashMap<>();

        public Recording(BiFunction<String, SdkRequest, Optional<String>> requestType, List<TableDefinition> tables,
                         String resourcePrefix) {
            this.requestType = requestType;
            this.tablesByName = tables.stream().collect(Collectors.toMap(TableDefinition::name, t -> t));
            this.resourcePrefix = resourcePrefix;
        }

        public Map<List<String>, Tally> tallies() {
            return tallies;
        }

        Tally tally(String type, String operation, String target) {
            return tallies.computeIfAbsent(List.of(type, operation, target), ignored -> new Tally());
        }

        String unprefixed(String name) {
            return name.startsWith(resourcePrefix) ? name.substring(resourcePrefix.length()) : name;
        }
    }

    public static void start(Recording next) {
        recording = next;
    }

    public static Recording stop() {
        Recording finished = recording;
        recording = null;
        return finished;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (recording == null) {
            return context.request();
        }
        SdkRequest request = context.request();
        if (request instanceof GetItemRequest get) {
            return get.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (request instanceof PutItemRequest put) {
            return put.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (request instanceof UpdateItemRequest update) {
            return update.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (request instanceof DeleteItemRequest delete) {
            return delete.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        } else if (request instanceof QueryRequest query) {
            return query.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return request;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Recording current = recording;
        if (current == null) {
            return;
        }
        operationOf(current, context.request(), attributes).ifPresent(call -> record(current, call, context.request(),
                context.response()));
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Recording current = recording;
        if (current == null) {
            return;
        }
        operationOf(current, context.request(), attributes)
                .ifPresent(call -> current.tally(call.type(), call.operation(), target(current, context.request()))
                        .failedCalls.increment());
    }

    private record Call(String type, String operation) {
    }

    private static Optional<Call> operationOf(Recording current, SdkRequest request, ExecutionAttributes attributes) {
        String principal = CallingPrincipal.of(attributes).orElse(null);
        if (principal == null) {
            return Optional.empty();
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return current.requestType.apply(current.unprefixed(principal), request).map(type -> new Call(type, operation));
    }

    private static void record(Recording current, Call call, SdkRequest request, SdkResponse response) {
        Tally tally = current.tally(call.type(), call.operation(), target(current, request));
        tally.calls.increment();
        partitionKey(current, request).ifPresent(key -> tally.partitionKeys.computeIfAbsent(key, k -> new LongAdder()).increment());
        consumed(response).ifPresent(capacity -> tally.units.add(capacity.capacityUnits() == null ? 0 : capacity.capacityUnits()));
        Optional<Map<String, AttributeValue>> written = written(request, response);
        written.ifPresent(item -> {
            tally.itemBytesWritten.add(ItemSize.bytes(item));
            tally.itemsWritten.increment();
            recordIndexWrites(current, call, request, item);
        });
    }

    /** Each index holding the written item takes a write of it; a write that changes the index key takes two. */
    private static void recordIndexWrites(Recording current, Call call, SdkRequest request, Map<String, AttributeValue> item) {
        TableDefinition table = current.tablesByName.get(tableName(request));
        if (table == null) {
            return;
        }
        int units = ItemSize.writeUnits(ItemSize.bytes(item));
        for (GlobalIndex index : table.globalIndexes()) {
            AttributeValue key = item.get(index.partitionKey().name());
            if (key == null) {
                continue;
            }
            boolean moved = request instanceof UpdateItemRequest update
                    && (sets(update, index.partitionKey().name())
                    || index.sortKey().map(sort -> sets(update, sort.name())).orElse(false));
            int writes = moved ? 2 : 1;
            Tally tally = current.tally(call.type(), "DynamoDb.IndexWrite",
                    current.unprefixed(table.name()) + "/" + index.name());
            tally.calls.add(writes);
            tally.units.add((double) writes * units);
            tally.partitionKeys.computeIfAbsent(keyText(key), k -> new LongAdder()).add(writes);
        }
    }

    private static boolean sets(UpdateItemRequest update, String attribute) {
        String expression = update.updateExpression();
        if (expression == null) {
            return false;
        }
        if (Pattern.compile("(^|[\\s,])" + Pattern.quote(attribute) + "\\s*=").matcher(expression).find()) {
            return true;
        }
        return update.expressionAttributeNames().entrySet().stream()
                .anyMatch(name -> name.getValue().equals(attribute)
                        && Pattern.compile(Pattern.quote(name.getKey()) + "\\s*=").matcher(expression).find());
    }

    private static Optional<Map<String, AttributeValue>> written(SdkRequest request, SdkResponse response) {
        if (request instanceof PutItemRequest put) {
            return Optional.of(put.item());
        }
        if (response instanceof UpdateItemResponse updated && updated.hasAttributes() && !updated.attributes().isEmpty()) {
            return Optional.of(updated.attributes());
        }
        return Optional.empty();
    }

    private static Optional<ConsumedCapacity> consumed(SdkResponse response) {
        if (response instanceof GetItemResponse get) {
            return Optional.ofNullable(get.consumedCapacity());
        } else if (response instanceof PutItemResponse put) {
            return Optional.ofNullable(put.consumedCapacity());
        } else if (response instanceof UpdateItemResponse update) {
            return Optional.ofNullable(update.consumedCapacity());
        } else if (response instanceof DeleteItemResponse delete) {
            return Optional.ofNullable(delete.consumedCapacity());
        } else if (response instanceof QueryResponse query) {
            return Optional.ofNullable(query.consumedCapacity());
        }
        return Optional.empty();
    }

    private static String tableName(SdkRequest request) {
        return request.getValueForField("TableName", String.class).orElse("");
    }

    private static String target(Recording current, SdkRequest request) {
        if (request instanceof QueryRequest query && query.indexName() != null) {
            return current.unprefixed(query.tableName()) + "/" + query.indexName();
        }
        Optional<String> table = request.getValueForField("TableName", String.class);
        if (table.isPresent()) {
            return current.unprefixed(table.get());
        }
        Optional<String> queueUrl = request.getValueForField("QueueUrl", String.class);
        if (queueUrl.isPresent()) {
            return current.unprefixed(queueUrl.get().substring(queueUrl.get().lastIndexOf('/') + 1));
        }
        Optional<String> key = request.getValueForField("Key", String.class);
        if (key.isPresent()) {
            return key.get().contains("/") ? key.get().substring(0, key.get().indexOf('/') + 1) : key.get();
        }
        return "";
    }

    /** The value of the partition key the call lands on (the table's, or the queried index's). */
    private static Optional<String> partitionKey(Recording current, SdkRequest request) {
        TableDefinition table = current.tablesByName.get(tableName(request));
        if (table == null) {
            return sqsOrS3Key(request);
        }
        String attribute = table.partitionKey().name();
        Map<String, AttributeValue> key = Map.of();
        if (request instanceof GetItemRequest get) {
            key = get.key();
        } else if (request instanceof UpdateItemRequest update) {
            key = update.key();
        } else if (request instanceof DeleteItemRequest delete) {
            key = delete.key();
        } else if (request instanceof PutItemRequest put) {
            key = put.item();
        } else if (request instanceof QueryRequest query) {
            if (query.indexName() != null) {
                attribute = table.globalIndexes().stream().filter(index -> index.name().equals(query.indexName()))
                        .findFirst().map(index -> index.partitionKey().name()).orElse(attribute);
            }
            return equalityValue(query, attribute);
        }
        return Optional.ofNullable(key.get(attribute)).map(CapacityRecorder::keyText);
    }

    private static Optional<String> equalityValue(QueryRequest query, String attribute) {
        Matcher matcher = EQUALITY.matcher(query.keyConditionExpression() == null ? "" : query.keyConditionExpression());
        while (matcher.find()) {
            String name = matcher.group(1).startsWith("#") ? query.expressionAttributeNames().get(matcher.group(1)) : matcher.group(1);
            if (attribute.equals(name)) {
                return Optional.ofNullable(query.expressionAttributeValues().get(matcher.group(2))).map(CapacityRecorder::keyText);
            }
        }
        return Optional.empty();
    }

    /** SQS: the queue is one key; S3: the object's prefix up to its second slash, the unit of S3's request rates. */
    private static Optional<String> sqsOrS3Key(SdkRequest request) {
        if (request instanceof SendMessageRequest || request instanceof ReceiveMessageRequest
                || request instanceof DeleteMessageRequest || request instanceof ChangeMessageVisibilityRequest) {
            return request.getValueForField("QueueUrl", String.class);
        }
        if (request instanceof PutObjectRequest || request instanceof GetObjectRequest) {
            return request.getValueForField("Key", String.class).map(key -> {
                List<Integer> slashes = new ArrayList<>();
                for (int i = 0; i < key.length() && slashes.size() < 2; i++) {
                    if (key.charAt(i) == '/') {
                        slashes.add(i);
                    }
                }
                return slashes.size() < 2 ? key : key.substring(0, slashes.get(1) + 1);
            });
        }
        return Optional.empty();
    }

    private static String keyText(AttributeValue value) {
        return value.s() != null ? value.s() : value.n() != null ? value.n() : value.toString();
    }
}
