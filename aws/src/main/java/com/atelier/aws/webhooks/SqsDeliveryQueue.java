package com.atelier.aws.webhooks;

import com.atelier.aws.SnapStartPrimed;
import com.atelier.webhooks.DeliveryQueue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The webhook-deliveries queue on SQS: one message per attempt, held back by the queue's per-message delay. */
public final class SqsDeliveryQueue implements DeliveryQueue, SnapStartPrimed {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueName;
    private volatile String queueUrl;

    public SqsDeliveryQueue(SqsClient sqs, String queueName) {
        this.sqs = sqs;
        this.queueName = queueName;
    }

    @Override
    public void send(Message message, Duration delay) {
        // SQS counts delays in whole seconds; rounding up never makes an attempt early.
        int seconds = (int) Math.min(MAX_DELAY.toSeconds(), (delay.toMillis() + 999) / 1000);
        sqs.sendMessage(request -> request.queueUrl(url()).messageBody(body(message)).delaySeconds(seconds));
    }

    public static String body(Message message) {
        return JSON.createObjectNode().put("delivery_id", message.deliveryId()).put("attempt", message.attempt())
                .put("due_at", message.dueAt().toString()).put("manual", message.manual()).toString();
    }

    public static Message message(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return new Message(json.path("delivery_id").asText(), json.path("attempt").asInt(),
                    Instant.parse(json.path("due_at").asText()), json.path("manual").asBoolean());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a webhook delivery message: " + body, e);
        }
    }

    @Override
    public void prime() {
        url();
    }

    private String url() {
        String url = queueUrl;
        if (url == null) {
            url = sqs.getQueueUrl(request -> request.queueName(queueName)).queueUrl();
            queueUrl = url;
        }
        return url;
    }
}
