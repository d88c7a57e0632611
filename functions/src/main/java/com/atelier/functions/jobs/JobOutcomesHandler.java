package com.atelier.functions.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer;
import com.atelier.aws.jobs.DynamoDbJobRepository;
import com.atelier.functions.wiring.Wiring;
import com.atelier.logging.JsonLog;
import com.atelier.jobs.JobOutcomes;
import com.atelier.jobs.JobRecord;
import java.util.List;

/**
 * Reads the jobs table's stream (NEW_AND_OLD_IMAGES, ReportBatchItemFailures) and settles each job that
 * finished: its debit kept for images, refunded otherwise ({@link JobOutcomes#changed}). This is where
 * money follows a job's end, so the GPU worker that writes the end holds no rights on credits. Records
 * are handled in stream order; at the first that fails, it and everything after it come again, and
 * the credit calls being idempotent makes the repeats harmless.
 */
public final class JobOutcomesHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final JobOutcomes outcomes;

    public JobOutcomesHandler() {
        // Its composition root: settling money needs the jobs, credits and review stores, nothing more.
        this(Wiring.fromEnvironment().jobOutcomes());
    }

    public JobOutcomesHandler(JobOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent batch, Context context) {
        for (DynamodbEvent.DynamodbStreamRecord record : batch.getRecords()) {
            if (record.getDynamodb().getNewImage() == null) {
                continue;
            }
            try {
                JobRecord job = DynamoDbJobRepository.fromImage(
                        DynamodbAttributeValueTransformer.toAttributeValueMapV2(record.getDynamodb().getNewImage()));
                outcomes.changed(job);
            } catch (RuntimeException e) {
                JsonLog.error("job_outcome_failed", JsonLog.fields().put("requestId", requestId(context)), e);
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure
                        .builder().withItemIdentifier(record.getDynamodb().getSequenceNumber()).build())).build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    private static String requestId(Context context) {
        return context == null ? "unknown" : context.getAwsRequestId();
    }
}
