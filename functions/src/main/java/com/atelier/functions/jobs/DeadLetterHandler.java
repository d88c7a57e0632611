package com.atelier.functions.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.atelier.functions.wiring.Wiring;
import com.atelier.jobs.JobMessage;
import com.atelier.jobs.JobOutcomes;
import com.atelier.jobs.JobRecord;
import com.atelier.logging.JsonLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the jobs dead-letter queue (an SQS event source with ReportBatchItemFailures): each message is
 * a job the workers gave up on after maxReceiveCount attempts. The job fails and is refunded, once,
 * however often the message arrives; a message that cannot be handled is reported back to come again.
 */
public final class DeadLetterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final JobOutcomes outcomes;

    public DeadLetterHandler() {
        // Its composition root: settling money needs the jobs, credits and review stores, nothing more.
        this(Wiring.fromEnvironment().jobOutcomes());
    }

    public DeadLetterHandler(JobOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                String jobId = JobMessage.parse(message.getBody()).jobId();
                Optional<JobRecord> job = outcomes.deadLettered(jobId);
                JsonLog.warn("job_dead_lettered", JsonLog.fields().put("requestId", context.getAwsRequestId()).put("jobId", jobId)
                        .put("status", job.map(j -> j.status().name()).orElse("unknown")));
            } catch (JobMessage.MalformedException malformed) {
                // Not a job message: nothing to fail or refund, and retrying cannot help.
                JsonLog.error("dead_letter_unreadable", JsonLog.fields().put("requestId", context.getAwsRequestId()), malformed);
            } catch (RuntimeException e) {
                JsonLog.error("dead_letter_failed", JsonLog.fields().put("requestId", context.getAwsRequestId()), e);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
