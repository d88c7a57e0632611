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
import java.util.concurrent.atomic.AtomicReference;
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
 * The local stand-in for the jobs table's DynamoDB stream, which dynalite does not have: an SDK
 * interceptor (registered for every client of the JVM through the SDK's global interceptor list) that
 * turns each successful PutItem and UpdateItem of the jobs table into a stream record and hands it,
 * in the order the writes finished, to the same handler Lambda runs on AWS. A record the handler
 * reports as failed is delivered again after a growing pause, as Lambda retries a shard.
 *
 * <p>How it differs from DynamoDB Streams (docs/architecture.md, "Local stand-ins"): it sees only
 * writes made by this JVM (the local stack runs the functions and the worker in it), records carry the
 * new image only (the old one is not known without a read), writes by other processes or by hand are
 * not seen, and records live in memory: they are lost when the stack stops.
 */
public final class JobChangeFeed implements ExecutionInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(JobChangeFeed.class);
    private static final AtomicReference<Delivery> DELIVERY = new AtomicReference<>();
    private static final int MAX_ATTEMPTS = 10;
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);

    /** Starts delivering the jobs table's changes to the handler, until the returned handle is closed. */
    public static AutoCloseable start(String jobsTableName, String functionName,
                                      RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        Delivery delivery = new Delivery(jobsTableName, functionName, handler);
        if (!DELIVERY.compareAndSet(null, delivery)) {
            throw new IllegalStateException("a job change feed is already running in this JVM");
        }
        return () -> {
            DELIVERY.compareAndSet(delivery, null);
            delivery.executor.shutdownNow();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
        Delivery delivery = DELIVERY.get();
        if (delivery == null) {
            return;
        }
        if (context.request() instanceof PutItemRequest put && delivery.tableName.equals(put.tableName())) {
            delivery.publish(put.item());
        } else if (context.request() instanceof UpdateItemRequest update && delivery.tableName.equals(update.tableName())
                && context.response() instanceof UpdateItemResponse answer && answer.hasAttributes()
                && answer.attributes().containsKey("jobId")) {
            delivery.publish(answer.attributes());
        }
    }

    private static final class Delivery {
        private final String tableName;
        private final String functionName;
        private final RequestHandler<DynamodbEvent, StreamsEventResponse> handler;
        private final AtomicLong sequence = new AtomicLong();
        // One thread: records are handled in the order they were published, as within a stream's shard.
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "job-change-feed");
            thread.setDaemon(true);
            return thread;
        });

        Delivery(String tableName, String functionName, RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
            this.tableName = tableName;
            this.functionName = functionName;
            this.handler = handler;
        }

        void publish(Map<String, AttributeValue> newImage) {
            DynamodbEvent event = new DynamodbEvent();
            DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
            record.setEventName("MODIFY");
            record.setEventSource("aws:dynamodb");
            StreamRecord change = new StreamRecord();
            change.setSequenceNumber(Long.toString(sequence.incrementAndGet()));
            change.setKeys(StreamImages.of(Map.of("jobId", newImage.get("jobId"))));
            change.setNewImage(StreamImages.of(newImage));
            change.setStreamViewType(StreamViewType.NEW_IMAGE);
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
                LOG.warn("job change {} not handled after {} attempts; dropped", event.getRecords().get(0).getDynamodb()
                        .getKeys(), MAX_ATTEMPTS);
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
                default -> throw new IllegalArgumentException("a job item never holds a " + value.type() + " attribute");
            }
            return converted;
        }
    }
}
