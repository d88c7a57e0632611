package com.atelier.functions.webhooks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.atelier.aws.webhooks.SqsDeliveryQueue;
import com.atelier.functions.wiring.Wiring;
import com.atelier.logging.JsonLog;
import com.atelier.webhooks.WebhookDispatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the webhook-deliveries queue (ReportBatchItemFailures) and makes one attempt per message. A
 * receiver's failure is no failure here: it is logged and the next attempt queued with its delay.
 * Only our own failures (a store or the queue unavailable) report the message, to come again.
 */
public final class WebhookDispatchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final WebhookDispatcher dispatcher;

    public WebhookDispatchHandler() {
        // Its composition root: the endpoints, the delivery log, the queue and the pinned-address sender.
        this(Wiring.fromEnvironment().webhookDispatcher());
    }

    public WebhookDispatchHandler(WebhookDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                dispatcher.handle(SqsDeliveryQueue.message(message.getBody()));
            } catch (IllegalArgumentException unreadable) {
                // Not a delivery message: retrying cannot help.
                JsonLog.error("webhook_message_unreadable", JsonLog.fields().put("messageId", message.getMessageId()), unreadable);
            } catch (RuntimeException e) {
                JsonLog.error("webhook_dispatch_failed", JsonLog.fields().put("messageId", message.getMessageId()), e);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
