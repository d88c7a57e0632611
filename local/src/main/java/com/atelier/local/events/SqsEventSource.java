package com.atelier.local.events;

import com.atelier.aws.AwsClients;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.atelier.local.gateway.LocalLambdaContext;
import com.atelier.local.iam.CallingPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What a Lambda SQS event source mapping with ReportBatchItemFailures does, for one queue and one
 * handler in this JVM: long-poll, hand a batch to the handler as an {@link SQSEvent}, delete the
 * messages it did not report as failed, and leave the failed ones to come back.
 */
public final class SqsEventSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSource.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final String functionName;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread poller;

    public SqsEventSource(SqsClient sqs, String queueName, RequestHandler<SQSEvent, SQSBatchResponse> handler,
                          String functionName) {
        this.sqs = sqs;
        this.queueUrl = sqs.getQueueUrl(request -> request.queueName(queueName)).queueUrl();
        this.queueArn = "arn:aws:sqs:local:000000000000:" + queueName;
        this.handler = handler;
        this.functionName = functionName;
        this.poller = new Thread(this::poll, "event-source-" + queueName);
        this.poller.setDaemon(true);
        this.poller.start();
    }

    private void poll() {
        while (running.get()) {
            try {
                List<Message> messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).overrideConfiguration(AwsClients.longPoll(1)).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
                if (!messages.isEmpty()) {
                    deliver(messages);
                }
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.warn("event source for {} failed a batch: {}", functionName, e.getMessage());
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    private void deliver(List<Message> messages) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAttributes(Map.copyOf(message.attributesAsStrings()));
            records.add(record);
        }
        event.setRecords(records);
        // The polling above is the event source mapping's; on AWS it too uses the function's role, but
        // only the handler's own calls are charged to the function here (the mapping needs no GetQueueUrl).
        SQSBatchResponse response = CallingPrincipal.callAs(functionName, () -> handler.handleRequest(event,
                new LocalLambdaContext(UUID.randomUUID().toString(), functionName, 512, Instant.now().plusSeconds(60))));
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(failure -> failed.add(failure.getItemIdentifier()));
        }
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        poller.join(Duration.ofSeconds(5).toMillis());
    }
}
