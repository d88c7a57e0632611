package com.atelier.aws.jobs;

import com.atelier.aws.SnapStartPrimed;
import com.atelier.jobs.JobDispatch;
import com.atelier.jobs.JobMessage;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The jobs queue on SQS: one message per dispatch, carrying only the job's id. */
public final class SqsJobDispatch implements JobDispatch, SnapStartPrimed {

    private final SqsClient sqs;
    private final String queueName;
    private volatile String queueUrl;

    public SqsJobDispatch(SqsClient sqs, String queueName) {
        this.sqs = sqs;
        this.queueName = queueName;
    }

    /** The SDK's standard retries cover transient failures; what is left is the queue being unavailable. */
    @Override
    public void dispatch(String jobId) {
        try {
            sqs.sendMessage(request -> request.queueUrl(url())
                    .messageBody(new JobMessage(jobId).body()));
        } catch (SdkException e) {
            throw new DispatchUnavailableException(jobId, e);
        }
    }

    /** Looks the queue's URL up now instead of at the first send (SnapStart priming). */
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
