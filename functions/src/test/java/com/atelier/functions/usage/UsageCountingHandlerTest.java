package com.atelier.functions.usage;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.atelier.testkit.InMemoryUsageCounters;
import com.atelier.usage.BucketWidth;
import com.atelier.usage.UsageCell;
import com.atelier.usage.UsageFigures;
import com.atelier.usage.UsageScope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The jobs stream into the usage counters: a finished job counts once, however often its record comes. */
class UsageCountingHandlerTest {

    private static final Instant FINISHED = Instant.parse("2026-11-25T10:00:00Z");

    private final InMemoryUsageCounters counters = new InMemoryUsageCounters();
    private final UsageCountingHandler handler = new UsageCountingHandler(counters);

    private static Map<String, AttributeValue> job(String status, int imagesMade) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("jobId", new AttributeValue().withS("job_1"));
        item.put("accountId", new AttributeValue().withS("acct-1"));
        item.put("kind", new AttributeValue().withS("EDIT"));
        item.put("status", new AttributeValue().withS(status));
        item.put("images", new AttributeValue().withN("3"));
        item.put("credits", new AttributeValue().withN("1"));
        item.put("requestHash", new AttributeValue().withS("hash"));
        item.put("createdAt", new AttributeValue().withS("2026-11-25T09:59:00.000Z"));
        item.put("updatedAt", new AttributeValue().withS("2026-11-25T10:00:00.000Z"));
        item.put("sizePixels", new AttributeValue().withN("512"));
        item.put("apiKeyId", new AttributeValue().withS("key_1"));
        item.put("endUser", new AttributeValue().withS("end-user-7"));
        item.put("requestedModel", new AttributeValue().withS("dall-e-2"));
        if (imagesMade > 0) {
            item.put("imageKeys", new AttributeValue().withL(java.util.stream.IntStream.range(0, imagesMade)
                    .mapToObj(i -> new AttributeValue().withS("results/acct-1/job_1/" + i + ".png")).toList()));
        }
        return item;
    }

    private static DynamodbEvent batch(String sequence, String from, String to, int imagesMade) {
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("MODIFY");
        record.setDynamodb(new StreamRecord().withSequenceNumber(sequence)
                .withKeys(Map.of("jobId", new AttributeValue().withS("job_1")))
                .withOldImage(job(from, 0)).withNewImage(job(to, imagesMade)));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
    }

    private Map<UsageCell, UsageFigures> day() {
        Instant day = BucketWidth.DAY.bucketStart(FINISHED);
        return counters.read(UsageScope.account("acct-1"), BucketWidth.DAY, List.of(day)).get(day);
    }

    @Test
    void aReplayedChangeEventIsCountedOnce() {
        assertThat(handler.handleRequest(batch("1", "RUNNING", "SUCCEEDED", 3), null).getBatchItemFailures()).isEmpty();
        assertThat(handler.handleRequest(batch("1", "RUNNING", "SUCCEEDED", 3), null).getBatchItemFailures()).isEmpty();

        UsageCell cell = new UsageCell("acct-1", "image.edit", "512x512", "dall-e-2", Optional.of("key_1"),
                Optional.of("end-user-7"));
        assertThat(day()).isEqualTo(Map.of(cell, new UsageFigures(3, 1, 1, 0, 0, 0, 0)));
    }

    @Test
    void onlyAMoveIntoAFinalStatusCounts() {
        handler.handleRequest(batch("1", "QUEUED", "RUNNING", 0), null);
        handler.handleRequest(batch("2", "SUCCEEDED", "SUCCEEDED", 3), null);

        assertThat(day()).isEmpty();
    }

    @Test
    void aFailedPaidJobCountsARequestAndItsRefundAndNoImages() {
        handler.handleRequest(batch("1", "RUNNING", "FAILED", 0), null);

        assertThat(day().values()).containsExactly(new UsageFigures(0, 1, 0, 1, 0, 0, 0));
    }
}
