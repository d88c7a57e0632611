package com.atelier.aws.grants;

import com.atelier.resources.AtelierResources;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;

/** An artist's application for subsidized credits, and the admin's decision on it. */
@DynamoDbBean
public class GrantApplicationItem {

    private String applicationId;
    private String accountId;
    private String statement;
    private String portfolioUrl;
    private String status;
    private String statusShard;
    private String createdAt;
    private String decidedAt;
    private String decidedBy;
    private Integer grantedCredits;
    private String grantExpiresAt;
    private String rejectionReason;

    @DynamoDbPartitionKey
    public String getApplicationId() {
        return applicationId;
    }

    public void setApplicationId(String applicationId) {
        this.applicationId = applicationId;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = "byAccount")
    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public String getStatement() {
        return statement;
    }

    public void setStatement(String statement) {
        this.statement = statement;
    }

    public String getPortfolioUrl() {
        return portfolioUrl;
    }

    public void setPortfolioUrl(String portfolioUrl) {
        this.portfolioUrl = portfolioUrl;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    /** The status index's key: the status and this application's shard (AtelierResources.GRANT_APPLICATION_STATUS_SHARDS). */
    @DynamoDbSecondaryPartitionKey(indexNames = AtelierResources.STATUS_INDEX)
    public String getStatusShard() {
        return statusShard;
    }

    public void setStatusShard(String statusShard) {
        this.statusShard = statusShard;
    }

    @DynamoDbSecondarySortKey(indexNames = {AtelierResources.STATUS_INDEX, "byAccount"})
    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    public String getDecidedAt() {
        return decidedAt;
    }

    public void setDecidedAt(String decidedAt) {
        this.decidedAt = decidedAt;
    }

    public String getDecidedBy() {
        return decidedBy;
    }

    public void setDecidedBy(String decidedBy) {
        this.decidedBy = decidedBy;
    }

    public Integer getGrantedCredits() {
        return grantedCredits;
    }

    public void setGrantedCredits(Integer grantedCredits) {
        this.grantedCredits = grantedCredits;
    }

    public String getGrantExpiresAt() {
        return grantExpiresAt;
    }

    public void setGrantExpiresAt(String grantExpiresAt) {
        this.grantExpiresAt = grantExpiresAt;
    }

    public String getRejectionReason() {
        return rejectionReason;
    }

    public void setRejectionReason(String rejectionReason) {
        this.rejectionReason = rejectionReason;
    }
}
