package com.atelier.aws.jobs;

import com.atelier.resources.AtelierResources;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;

/**
 * A job as stored: who asked and what it cost, what to make (the spec), and what the worker did with
 * it (its attempt, progress, image keys and cost figures). Boxed numbers are absent until set.
 */
@DynamoDbBean
public class JobItem {

    private String jobId;
    private String accountId;
    private String kind;
    private int images;
    private int credits;
    private String status;
    private String statusShard;
    private String statusReason;
    private String requestHash;
    private String createdAt;
    private String updatedAt;
    private String prompt;
    private String revisedPrompt;
    private Integer sizePixels;
    private Long seed;
    private String sourceImageKey;
    private String maskKey;
    private Integer attempt;
    private Integer completedSteps;
    private Integer totalSteps;
    private List<String> imageKeys;
    private Integer flaggedImages;
    private String model;
    private Integer steps;
    private String device;
    private Long deviceMillis;
    private Long workMillis;
    private String redispatchedAt;
    private String apiKeyId;
    private String endUser;
    private String callbackUrl;
    private String callbackMoments;
    private String requestedModel;

    @DynamoDbPartitionKey
    public String getJobId() {
        return jobId;
    }

    public void setJobId(String jobId) {
        this.jobId = jobId;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = "byAccount")
    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public int getImages() {
        return images;
    }

    public void setImages(int images) {
        this.images = images;
    }

    public int getCredits() {
        return credits;
    }

    public void setCredits(int credits) {
        this.credits = credits;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    /** The status index's key: the status and this job's shard (AtelierResources.JOB_STATUS_SHARDS). */
    @DynamoDbSecondaryPartitionKey(indexNames = AtelierResources.STATUS_INDEX)
    public String getStatusShard() {
        return statusShard;
    }

    public void setStatusShard(String statusShard) {
        this.statusShard = statusShard;
    }

    public String getStatusReason() {
        return statusReason;
    }

    public void setStatusReason(String statusReason) {
        this.statusReason = statusReason;
    }

    public String getRequestHash() {
        return requestHash;
    }

    public void setRequestHash(String requestHash) {
        this.requestHash = requestHash;
    }

    @DynamoDbSecondarySortKey(indexNames = "byAccount")
    public String getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }

    @DynamoDbSecondarySortKey(indexNames = AtelierResources.STATUS_INDEX)
    public String getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(String updatedAt) {
        this.updatedAt = updatedAt;
    }

    public String getPrompt() {
        return prompt;
    }

    public void setPrompt(String prompt) {
        this.prompt = prompt;
    }

    public String getRevisedPrompt() {
        return revisedPrompt;
    }

    public void setRevisedPrompt(String revisedPrompt) {
        this.revisedPrompt = revisedPrompt;
    }

    public Integer getSizePixels() {
        return sizePixels;
    }

    public void setSizePixels(Integer sizePixels) {
        this.sizePixels = sizePixels;
    }

    public Long getSeed() {
        return seed;
    }

    public void setSeed(Long seed) {
        this.seed = seed;
    }

    public String getSourceImageKey() {
        return sourceImageKey;
    }

    public void setSourceImageKey(String sourceImageKey) {
        this.sourceImageKey = sourceImageKey;
    }

    public String getMaskKey() {
        return maskKey;
    }

    public void setMaskKey(String maskKey) {
        this.maskKey = maskKey;
    }

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public Integer getCompletedSteps() {
        return completedSteps;
    }

    public void setCompletedSteps(Integer completedSteps) {
        this.completedSteps = completedSteps;
    }

    public Integer getTotalSteps() {
        return totalSteps;
    }

    public void setTotalSteps(Integer totalSteps) {
        this.totalSteps = totalSteps;
    }

    public List<String> getImageKeys() {
        return imageKeys;
    }

    public void setImageKeys(List<String> imageKeys) {
        this.imageKeys = imageKeys;
    }

    public Integer getFlaggedImages() {
        return flaggedImages;
    }

    public void setFlaggedImages(Integer flaggedImages) {
        this.flaggedImages = flaggedImages;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public Integer getSteps() {
        return steps;
    }

    public void setSteps(Integer steps) {
        this.steps = steps;
    }

    public String getDevice() {
        return device;
    }

    public void setDevice(String device) {
        this.device = device;
    }

    public Long getDeviceMillis() {
        return deviceMillis;
    }

    public void setDeviceMillis(Long deviceMillis) {
        this.deviceMillis = deviceMillis;
    }

    public Long getWorkMillis() {
        return workMillis;
    }

    public void setWorkMillis(Long workMillis) {
        this.workMillis = workMillis;
    }

    /** Set once, when the reconciler sent a paid job that stayed queued to the workers again. */
    public String getRedispatchedAt() {
        return redispatchedAt;
    }

    public void setRedispatchedAt(String redispatchedAt) {
        this.redispatchedAt = redispatchedAt;
    }

    /** The API key that made the job; absent for an OIDC-signed request. */
    public String getApiKeyId() {
        return apiKeyId;
    }

    public void setApiKeyId(String apiKeyId) {
        this.apiKeyId = apiKeyId;
    }

    /** The Images API's {@code user} field, when the caller sent one. */
    public String getEndUser() {
        return endUser;
    }

    public void setEndUser(String endUser) {
        this.endUser = endUser;
    }

    /** The job's own callback URL ({@code webhook}), when the request named one. */
    public String getCallbackUrl() {
        return callbackUrl;
    }

    public void setCallbackUrl(String callbackUrl) {
        this.callbackUrl = callbackUrl;
    }

    /** Which moments the callback wants ({@code webhook_events_filter}), comma-separated wire names. */
    public String getCallbackMoments() {
        return callbackMoments;
    }

    public void setCallbackMoments(String callbackMoments) {
        this.callbackMoments = callbackMoments;
    }

    /** The model the request asked for (the {@code model} attribute is the one the worker ran). */
    public String getRequestedModel() {
        return requestedModel;
    }

    public void setRequestedModel(String requestedModel) {
        this.requestedModel = requestedModel;
    }
}
