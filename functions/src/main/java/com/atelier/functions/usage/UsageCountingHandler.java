package com.atelier.functions.usage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer;
import com.atelier.aws.jobs.DynamoDbJobRepository;
import com.atelier.functions.wiring.Wiring;
import com.atelier.logging.JsonLog;
import com.atelier.usage.UsageCounters;
import com.atelier.usage.UsageEvent;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the jobs table's stream (the same feed as the events) and counts each job that has just
 * finished into the usage counters, per bucket and cell. The counters take an event once, so the
 * stream's redeliveries and this handler's retries are harmless. At the first record that fails, it
 * and everything after it come again.
 */
public final class UsageCountingHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final UsageCounters counters;

    public UsageCountingHandler() {
        // Its composition root: the usage counters, nothing more.
        this(Wiring.fromEnvironment().usageCounters());
    }

    public UsageCountingHandler(UsageCounters counters) {
        this.counters = counters;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent batch, Context context) {
        for (DynamodbEvent.DynamodbStreamRecord record : batch.getRecords()) {
            Map<String, AttributeValue> after = record.getDynamodb().getNewImage();
            if (after == null || !statusChanged(record.getDynamodb().getOldImage(), after)) {
                continue;
            }
            try {
                UsageEvent.ofFinished(DynamoDbJobRepository.fromImage(DynamodbAttributeValueTransformer.toAttributeValueMapV2(after)))
                        .ifPresent(counters::count);
            } catch (RuntimeException e) {
                JsonLog.error("usage_not_counted", JsonLog.fields().put("requestId", requestId(context)), e);
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure
                        .builder().withItemIdentifier(record.getDynamodb().getSequenceNumber()).build())).build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    /** Progress and other writes of a job leave its status; only a move into a final one counts. */
    private static boolean statusChanged(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        return before == null || !Objects.equals(status(before), status(after));
    }

    private static String status(Map<String, AttributeValue> image) {
        AttributeValue status = image.get("status");
        return status == null ? null : status.getS();
    }

    private static String requestId(Context context) {
        return context == null ? "unknown" : context.getAwsRequestId();
    }
}
