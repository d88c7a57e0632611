package com.atelier.aws.webhooks;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;

/** A webhook endpoint: its receiver, the types it takes (none: all), its secrets and whether it is enabled. */
@DynamoDbBean
public class WebhookEndpointItem {

    private String endpointId;
    private String accountId;
    private String createdAt;
    private String url;
    private String description;
    private List<String> events;
    private String secret;
    private String previousSecret;
    private String previousSecretExpiresAt;
    private String status;
    private String disabledReason;
    private String failingSince;

    @DynamoDbPartitionKey
    public String getEndpointId() {
        return endpointId;
    }

    public void setEndpointId(String endpointId) {
        this.endpointId = endpointId;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = "byAccount")
    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    @DynamoDbSecondarySortKey(indexNames = "byAccount")
    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public List<String> getEvents() {
        return events;
    }

    public void setEvents(List<String> events) {
        this.events = events;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public String getPreviousSecret() {
        return previousSecret;
    }

    public void setPreviousSecret(String previousSecret) {
        this.previousSecret = previousSecret;
    }

    public String getPreviousSecretExpiresAt() {
        return previousSecretExpiresAt;
    }

    public void setPreviousSecretExpiresAt(String previousSecretExpiresAt) {
        this.previousSecretExpiresAt = previousSecretExpiresAt;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getDisabledReason() {
        return disabledReason;
    }

    public void setDisabledReason(String disabledReason) {
        this.disabledReason = disabledReason;
    }

    public String getFailingSince() {
        return failingSince;
    }

    public void setFailingSince(String failingSince) {
        this.failingSince = failingSince;
    }
}
