package com.atelier.local.events;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.atelier.local.gateway.LocalLambdaContext;
import com.atelier.local.iam.CallingPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The local stand-in for the tables' DynamoDB streams, which dynalite does not have: an SDK
 * interceptor (registered for every client of the JVM through the SDK's global interceptor list) that
 * turns each successful PutItem and UpdateItem of a subscribed table into a stream record and hands
 * it, in the order the writes finished, to the same handler Lambda runs on AWS; each subscription
 * (table and function) is an event source mapping of its own. A record the handler reports as failed
 * is delivered again after a growing pause, as Lambda retries a shard.
 *
 * <p>How it differs from DynamoDB Streams (docs/architecture.md, "Local stand-ins"): it sees only
 * writes made by this JVM (the local stack runs the functions and the worker in it); the old image is
 * the last one this feed saw of the item (none for an item it first sees, which is then an INSERT);
 * writes by other processes or by hand are not seen, and records live in memory: they are lost when
 * the stack stops.
 */
public final class JobChangeFeed implements ExecutionInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(JobChangeFeed.class);
    private static final List<Delivery> DELIVERIES = new CopyOnWriteArrayList<>();
    /** Old images kept per subscription, enough for the items a local session changes. */
    private static final int KEPT_IMAGES = 10_000;
    private static final int MAX_ATTEMPTS = 10;
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);

    /** Starts delivering the jobs table's changes to the handler, until the returned handle is closed. */
    public static AutoCloseable start(String jobsTableName, String functionName,
                                      RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        return start(jobsTableName, List.of("jobId"), functionName, handler);
    }

    /** Starts delivering a table's changes, its items named by {@code keyAttributes}, to the handler. */
    public static synchronized AutoCloseable start(String tableName, List<String> keyAttributes, String functionName,
                                                   RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        if (DELIVERIES.stream().anyMatch(running -> running.tableName.equals(tableName) && running.functionName.equals(functionName))) {
            throw new IllegalStateException("a change feed of " + tableName + " to " + functionName + " is already running in this JVM");
        }
        Delivery delivery = new Delivery(tableName, List.copyOf(keyAttributes), functionName, handler);
        DELIVERIES.add(delivery);
        return () -> {
            DELIVERIES.remove(delivery);
            delivery.executor.shutdownNow();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
        for (Delivery delivery : DELIVERIES) {
            if (context.request() instanceof PutItemRequest put && delivery.tableName.equals(put.tableName())) {
                delivery.publish(put.item());
            } else if (context.request() instanceof UpdateItemRequest update && delivery.tableName.equals(update.tableName())
                    && context.response() instanceof UpdateItemResponse answer && answer.hasAttributes()
                    && answer.attributes().keySet().containsAll(delivery.keyAttributes)) {
                delivery.publish(answer.attributes());
            }
        }
    }

    private static final class Delivery {
        private final String tableName;
        private final List<String> keyAttributes;
        private final String functionName;
        private final Map<List<AttributeValue>, Map<String, AttributeValue>> lastImages = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<AttributeValue>, Map<String, AttributeValue>> eldest) {
                return size() > KEPT_IMAGES;
            }
        };
        private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
        private final AtomicLong sequence = new AtomicLong();
        // One thread: records are handled in the order they were published, as within a stream's shard.
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "change-feed");
            thread.setDaemon(true);
            return thread;
        });

        Delivery(String tableName, List<String> keyAttributes, String functionName,
                 RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
            this.tableName = tableName;
            this.keyAttributes = keyAttributes;
            this.functionName = functionName;
            this.handler = handler;
        }

        synchronized void publish(Map<String, AttributeValue> newImage) {
            Map<String, AttributeValue> keys = new LinkedHashMap<>();
            keyAttributes.forEach(name -> keys.put(name, newImage.get(name)));
            Map<String, AttributeValue> oldImage = lastImages.put(List.copyOf(keys.values()), Map.copyOf(newImage));
            DynamodbEvent event = new DynamodbEvent();
            DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
            record.setEventName(oldImage == null ? "INSERT" : "MODIFY");
            record.setEventSource("aws:dynamodb");
            StreamRecord change = new StreamRecord();
            change.setSequenceNumber(Long.toString(sequence.incrementAndGet()));
            change.setApproximateCreationDateTime(java.util.Date.from(Instant.now()));
            change.setKeys(StreamImages.of(keys));
            change.setNewImage(StreamImages.of(newImage));
            if (oldImage != null) {
                change.setOldImage(StreamImages.of(oldImage));
            }
            change.setStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
            record.setDynamodb(change);
            event.setRecords(List.of(record));
            executor.execute(() -> deliver(event, 1));
        }

        private void deliver(DynamodbEvent event, int attempt) {
            boolean failed;
            try {
                failed = !CallingPrincipal.callAs(functionName, () -> handler.handleRequest(event,
                        new LocalLambdaContext(UUID.randomUUID().toString(), functionName, 512, Instant.now().plusSeconds(60))))
                        .getBatchItemFailures().isEmpty();
            } catch (RuntimeException e) {
                failed = true;
            }
            if (failed && attempt < MAX_ATTEMPTS) {
                executor.schedule(() -> deliver(event, attempt + 1), FIRST_RETRY.toMillis() << (attempt - 1), TimeUnit.MILLISECONDS);
            } else if (failed) {
                LOG.warn("{} change {} not handled by {} after {} attempts; dropped", tableName,
                        event.getRecords().get(0).getDynamodb().getKeys(), functionName, MAX_ATTEMPTS);
            }
        }
    }

    /** SDK attribute values as the Lambda event model writes them. */
    private static final class StreamImages {
        static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> of(
                Map<String, AttributeValue> image) {
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> converted =
                    new LinkedHashMap<>();
            image.forEach((name, value) -> converted.put(name, value(value)));
            return converted;
        }

        private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value(AttributeValue value) {
            var converted = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
            switch (value.type()) {
                case S -> converted.setS(value.s());
                case N -> converted.setN(value.n());
                case BOOL -> converted.setBOOL(value.bool());
                case NUL -> converted.setNULL(true);
                case SS -> converted.setSS(value.ss());
                case NS -> converted.setNS(value.ns());
                case L -> converted.setL(value.l().stream().map(StreamImages::value).toList());
                case M -> converted.setM(of(value.m()));
                default -> throw new IllegalArgumentException("a streamed item never holds a " + value.type() + " attribute");
            }
            return converted;
        }
    }
}
