package com.atelier.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Hands accepted jobs to the GPU workers: one SQS message per job, carrying only its id. */
public final class JobQueue {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueName;
    private volatile String queueUrl;

    public JobQueue(SqsClient sqs, String queueName) {
        this.sqs = sqs;
        this.queueName = queueName;
    }

    /** Sends the job; the SDK's standard retries cover transient failures. @throws SdkException when it could not */
    public void send(String jobId) {
        sqs.sendMessage(request -> request.queueUrl(url())
                .messageBody(new JobMessage(jobId).body()));
    }

    /** Looks the queue's URL up now instead of at the first send (SnapStart priming). */
    public void resolve() {
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
