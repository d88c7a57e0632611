package com.atelier.functions.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.atelier.events.ChangeEvents;
import com.atelier.events.Event;
import com.atelier.webhooks.JobCallback;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The event, if any, in one DynamoDB stream record of the jobs, ledger, reviews or accounts table;
 * the table is told by the record's key attributes, which no two of them share.
 */
public final class StreamEvents {

    private StreamEvents() {
    }

    public static Optional<Event> of(DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, String> keys = values(record.getDynamodb().getKeys());
        Map<String, String> before = values(record.getDynamodb().getOldImage());
        Map<String, String> after = values(record.getDynamodb().getNewImage());
        if (after.isEmpty()) {
            return Optional.empty();
        }
        if (keys.containsKey("entryId")) {
            return "INSERT".equals(record.getEventName()) ? ChangeEvents.ofLedgerInsert(after) : Optional.empty();
        }
        if (keys.containsKey("jobId")) {
            return ChangeEvents.ofJobChange(before, after);
        }
        if (keys.containsKey("reviewId")) {
            return ChangeEvents.ofReviewChange(before, after);
        }
        if (keys.containsKey("accountId")) {
            Instant changedAt = Optional.ofNullable(record.getDynamodb().getApproximateCreationDateTime())
                    .map(java.util.Date::toInstant).orElseGet(Instant::now);
            return ChangeEvents.ofAccountChange(before, after, record.getDynamodb().getSequenceNumber(), changedAt);
        }
        return Optional.empty();
    }

    /** The callback of the job whose change the record carries, if it is a job's and the job has one. */
    public static Optional<JobCallback> jobCallback(DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, String> after = values(record.getDynamodb().getNewImage());
        if (!values(record.getDynamodb().getKeys()).containsKey("jobId") || !after.containsKey("callbackUrl")) {
            return Optional.empty();
        }
        return Optional.of(new JobCallback(URI.create(after.get("callbackUrl")), JobCallback.momentsOf(after.get("callbackMoments"))));
    }

    /** The string and number attributes of a stream image; the events use no others. */
    private static Map<String, String> values(Map<String, AttributeValue> image) {
        Map<String, String> values = new LinkedHashMap<>();
        if (image != null) {
            image.forEach((name, value) -> {
                if (value.getS() != null) {
                    values.put(name, value.getS());
                } else if (value.getN() != null) {
                    values.put(name, value.getN());
                }
            });
        }
        return values;
    }
}
