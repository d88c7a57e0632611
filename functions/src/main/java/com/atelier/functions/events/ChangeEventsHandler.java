package com.atelier.functions.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.atelier.config.AtelierConfig;
import com.atelier.events.ChangeEvent;
import com.atelier.events.ChangeEvents;
import com.atelier.logging.JsonLog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Reads the jobs and ledger tables' DynamoDB streams and puts their events on the stage's EventBridge
 * bus ({@code ATELIER_EVENT_BUS}): "Job Finished" when a job reaches a final status, "Credits Changed"
 * for every ledger entry (see {@link ChangeEvents}). Events leave in stream order, ten per PutEvents;
 * when one cannot be put, the batch reports it and everything after it is retried, so an event is
 * delivered at least once.
 */
public final class ChangeEventsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private static final int ENTRIES_PER_PUT = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Shared {
        static final EventBridgeClient CLIENT = EventBridgeClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    private final EventBridgeClient events;
    private final String busName;

    public ChangeEventsHandler() {
        this(Shared.CLIENT, Optional.ofNullable(System.getenv(AtelierConfig.EVENT_BUS_VARIABLE))
                .orElseThrow(() -> new IllegalStateException(AtelierConfig.EVENT_BUS_VARIABLE + " is not set")));
    }

    public ChangeEventsHandler(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName;
    }

    private record Pending(String sequenceNumber, PutEventsRequestEntry entry) {
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent batch, Context context) {
        List<Pending> pending = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : batch.getRecords()) {
            eventOf(record).ifPresent(event -> pending.add(new Pending(record.getDynamodb().getSequenceNumber(), entry(event))));
        }
        for (int from = 0; from < pending.size(); from += ENTRIES_PER_PUT) {
            List<Pending> chunk = pending.subList(from, Math.min(pending.size(), from + ENTRIES_PER_PUT));
            Optional<String> firstFailed = put(chunk, context);
            if (firstFailed.isPresent()) {
                // Lambda retries the shard from the earliest failure on, including what came after it.
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(
                        StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(firstFailed.get()).build())).build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    private Optional<String> put(List<Pending> chunk, Context context) {
        try {
            PutEventsResponse response = events.putEvents(request -> request.entries(chunk.stream().map(Pending::entry).toList()));
            if (response.failedEntryCount() == 0) {
                return Optional.empty();
            }
            List<PutEventsResultEntry> results = response.entries();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).errorCode() != null) {
                    JsonLog.warn("event_not_put", JsonLog.fields().put("requestId", requestId(context))
                            .put("errorCode", results.get(i).errorCode()).put("errorMessage", results.get(i).errorMessage()));
                    return Optional.of(chunk.get(i).sequenceNumber());
                }
            }
            return Optional.of(chunk.get(0).sequenceNumber());
        } catch (SdkException e) {
            JsonLog.error("events_not_put", JsonLog.fields().put("requestId", requestId(context)), e);
            return Optional.of(chunk.get(0).sequenceNumber());
        }
    }

    private static Optional<ChangeEvent> eventOf(DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, String> keys = values(record.getDynamodb().getKeys());
        Map<String, String> after = values(record.getDynamodb().getNewImage());
        if (keys.containsKey("entryId")) {
            return "INSERT".equals(record.getEventName()) ? ChangeEvents.ofLedgerInsert(after) : Optional.empty();
        }
        if (keys.containsKey("jobId") && !after.isEmpty()) {
            return ChangeEvents.ofJobChange(values(record.getDynamodb().getOldImage()), after);
        }
        return Optional.empty();
    }

    /** The string and number attributes of a stream image; the events use no others. */
    private static Map<String, String> values(Map<String, AttributeValue> image) {
        Map<String, String> values = new LinkedHashMap<>();
        if (image != null) {
            image.forEach((name, value) -> {
                if (value.getS() != null) {
                    values.put(name, value.getS());
                } else if (value.getN() != null) {
                    values.put(name, value.getN());
                }
            });
        }
        return values;
    }

    private PutEventsRequestEntry entry(ChangeEvent event) {
        try {
            return PutEventsRequestEntry.builder()
                    .eventBusName(busName)
                    .source(ChangeEvent.SOURCE)
                    .detailType(event.detailType())
                    .detail(JSON.writeValueAsString(event.detail()))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event detail that is not JSON: " + event, e);
        }
    }

    private static String requestId(Context context) {
        return context == null ? "unknown" : context.getAwsRequestId();
    }
}
