package com.atelier.functions.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.atelier.config.AtelierConfig;
import com.atelier.events.Event;
import com.atelier.logging.JsonLog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Reads the jobs, ledger, reviews and accounts tables' DynamoDB streams and puts their events on the
 * stage's EventBridge bus ({@code ATELIER_EVENT_BUS}), each in its envelope as the detail, with its type
 * ({@code job.succeeded}, {@code credits.debited}, … see docs/events.md) as the detail-type. Events leave in stream order, ten per PutEvents;
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
            StreamEvents.of(record).forEach(event -> pending.add(new Pending(record.getDynamodb().getSequenceNumber(), entry(event))));
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

    private PutEventsRequestEntry entry(Event event) {
        try {
            return PutEventsRequestEntry.builder()
                    .eventBusName(busName)
                    .source(Event.SOURCE)
                    .detailType(event.type().wireName())
                    .detail(JSON.writeValueAsString(event.envelope()))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event detail that is not JSON: " + event, e);
        }
    }

    private static String requestId(Context context) {
        return context == null ? "unknown" : context.getAwsRequestId();
    }
}
