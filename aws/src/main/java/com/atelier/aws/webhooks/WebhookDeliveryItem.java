package com.atelier.aws.webhooks;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;

/** One event on its way to one endpoint, with every attempt appended in order. */
@DynamoDbBean
public class WebhookDeliveryItem {

    private String deliveryId;
    private String endpointId;
    private String createdAt;
    private String accountId;
    private String eventId;
    private String eventType;
    private String payload;
    private String callbackUrl;
    private String status;
    private List<DeliveryAttemptItem> attempts;

    @DynamoDbPartitionKey
    public String getDeliveryId() {
        return deliveryId;
    }

    public void setDeliveryId(String deliveryId) {
        this.deliveryId = deliveryId;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = "byEndpoint")
    public String getEndpointId() {
        return endpointId;
    }

    public void setEndpointId(String endpointId) {
        this.endpointId = endpointId;
    }

    @DynamoDbSecondarySortKey(indexNames = "byEndpoint")
    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public String getEventId() {
        return eventId;
    }

    public void setEventId(String eventId) {
        this.eventId = eventId;
    }

    public String getEventType() {
        return eventType;
    }

    public void setEventType(String eventType) {
        this.eventType = eventType;
    }

    /** A job callback's URL; absent for an endpoint's delivery. */
    public String getCallbackUrl() {
        return callbackUrl;
    }

    public void setCallbackUrl(String callbackUrl) {
        this.callbackUrl = callbackUrl;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public List<DeliveryAttemptItem> getAttempts() {
        return attempts;
    }

    public void setAttempts(List<DeliveryAttemptItem> attempts) {
        this.attempts = attempts;
    }
}
