package com.atelier.functions.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.atelier.events.ChangeEvents;
import com.atelier.events.Event;
import com.atelier.webhooks.JobCallback;
import java.net.URI;
import com.atelier.credits.LowBalanceAlert;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The event, if any, in one DynamoDB stream record of the jobs, ledger, reviews or accounts table;
 * the table is told by the record's key attributes, which no two of them share.
 */
public final class StreamEvents {

    /** The account item's attribute of its low-balance threshold, as the accounts store writes it. */
    private static final String LOW_BALANCE_THRESHOLD = "lowBalanceThreshold";

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
            return ChangeEvents.ofAccountChange(before, after, record.getDynamodb().getSequenceNumber(), changedAt)
                    .or(() -> lowBalance(record, after, changedAt));
        }
        return Optional.empty();
    }

    /**
     * {@code credits.low} when the record adds a debit (a job's key new in {@code debits}) that takes the
     * usable balance, read from the lots of both images at the change's time, under the account's threshold.
     */
    private static Optional<Event> lowBalance(DynamodbEvent.DynamodbStreamRecord record, Map<String, String> after,
                                              Instant changedAt) {
        Map<String, AttributeValue> oldImage = record.getDynamodb().getOldImage();
        Map<String, AttributeValue> newImage = record.getDynamodb().getNewImage();
        if (oldImage == null || !after.containsKey(LOW_BALANCE_THRESHOLD)) {
            return Optional.empty();
        }
        Set<String> added = new HashSet<>(entries(newImage, "debits").keySet());
        added.removeAll(entries(oldImage, "debits").keySet());
        if (added.size() != 1) {
            return Optional.empty();
        }
        return ChangeEvents.ofLowBalance(after.get("accountId"), added.iterator().next(),
                usableBalance(oldImage, changedAt), usableBalance(newImage, changedAt),
                new LowBalanceAlert(Integer.parseInt(after.get(LOW_BALANCE_THRESHOLD))), changedAt);
    }

    /** The credits left in the image's lots that are usable at {@code at}: granted by then, not expired. */
    private static int usableBalance(Map<String, AttributeValue> image, Instant at) {
        long millis = at.toEpochMilli();
        return entries(image, "lots").values().stream().map(AttributeValue::getM)
                .filter(lot -> Long.parseLong(lot.get("grantedAt").getN()) <= millis
                        && Long.parseLong(lot.get("expiresAt").getN()) > millis)
                .mapToInt(lot -> Integer.parseInt(lot.get("remaining").getN())).sum();
    }

    private static Map<String, AttributeValue> entries(Map<String, AttributeValue> image, String mapAttribute) {
        AttributeValue map = image.get(mapAttribute);
        return map == null || map.getM() == null ? Map.of() : map.getM();
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
