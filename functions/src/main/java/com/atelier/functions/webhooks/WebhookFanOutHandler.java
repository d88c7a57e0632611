package com.atelier.functions.webhooks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.atelier.events.Event;
import com.atelier.functions.events.StreamEvents;
import com.atelier.functions.wiring.Wiring;
import com.atelier.logging.JsonLog;
import com.atelier.webhooks.WebhookFanOut;
import java.util.List;

/**
 * Reads the same streams as the change-events function (jobs, ledger, reviews, accounts) and turns
 * each event into deliveries to the account's webhook endpoints that want it and, for a job
 * with a callback of its own, to that callback, queued for the dispatcher. Records go in stream order; at the first that fails, it and what follows come again,
 * and a delivery's id derived from the event makes the repeats harmless.
 */
public final class WebhookFanOutHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final WebhookFanOut fanOut;

    public WebhookFanOutHandler() {
        // Its composition root: the endpoints, the delivery log and the deliveries queue.
        this(Wiring.fromEnvironment().webhookFanOut());
    }

    public WebhookFanOutHandler(WebhookFanOut fanOut) {
        this.fanOut = fanOut;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent batch, Context context) {
        for (DynamodbEvent.DynamodbStreamRecord record : batch.getRecords()) {
            try {
                List<Event> events = StreamEvents.of(record);
                events.forEach(fanOut::publish);
                StreamEvents.jobCallback(record).ifPresent(callback -> events.forEach(event ->
                        fanOut.callBack(event, String.valueOf(event.data().get("job_id")), callback)));
            } catch (RuntimeException e) {
                JsonLog.error("webhook_fan_out_failed", JsonLog.fields().put("requestId", context == null ? "unknown"
                        : context.getAwsRequestId()), e);
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure
                        .builder().withItemIdentifier(record.getDynamodb().getSequenceNumber()).build())).build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }
}
