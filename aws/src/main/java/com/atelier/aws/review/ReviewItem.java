package com.atelier.aws.review;

import com.atelier.resources.AtelierResources;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;

import java.util.ArrayList;
import java.util.List;

/** Something a person should look at: a blocked request, a flagged output, or an account that keeps tripping the filters. */
@DynamoDbBean
public class ReviewItem {

    private String reviewId;
    private String kind;
    private String accountId;
    private String category;
    private List<String> evidence = new ArrayList<>();
    private String prompt;
    private String status;
    private String statusShard;
    private String createdAt;
    private String resolvedAt;
    private String resolvedBy;
    private String outcome;
    private String note;

    @DynamoDbPartitionKey
    public String getReviewId() {
        return reviewId;
    }

    public void setReviewId(String reviewId) {
        this.reviewId = reviewId;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = "byAccount")
    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public String getCategory() {
        return category;
    }

    public void setCategory(String category) {
        this.category = category;
    }

    public List<String> getEvidence() {
        return evidence;
    }

    public void setEvidence(List<String> evidence) {
        this.evidence = evidence;
    }

    public String getPrompt() {
        return prompt;
    }

    public void setPrompt(String prompt) {
        this.prompt = prompt;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    /** The status index's key: the status and this review's shard (AtelierResources.REVIEW_STATUS_SHARDS). */
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

    public String getResolvedAt() {
        return resolvedAt;
    }

    public void setResolvedAt(String resolvedAt) {
        this.resolvedAt = resolvedAt;
    }

    public String getResolvedBy() {
        return resolvedBy;
    }

    public void setResolvedBy(String resolvedBy) {
        this.resolvedBy = resolvedBy;
    }

    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }
}
