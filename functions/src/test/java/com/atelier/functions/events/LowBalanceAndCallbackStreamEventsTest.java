package com.atelier.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.atelier.events.Event;
import com.atelier.events.EventType;
import com.atelier.testkit.events.EventSchemas;
import com.atelier.webhooks.JobCallback;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Account and job stream records read into credits.low events and per-job callbacks. */
class LowBalanceAndCallbackStreamEventsTest {

    private static final Instant CHANGED_AT = Instant.parse("2026-11-25T10:00:00Z");

    private static AttributeValue number(long value) {
        return new AttributeValue().withN(Long.toString(value));
    }

    private static AttributeValue lot(int remaining, Instant expiresAt) {
        return new AttributeValue().withM(Map.of("kind", new AttributeValue().withS("GRANT"), "amount", number(100),
                "remaining", number(remaining), "grantedAt", number(CHANGED_AT.minusSeconds(3600).toEpochMilli()),
                "expiresAt", number(expiresAt.toEpochMilli())));
    }

    /** The account's item with one usable lot, one expired one, the jobs it has open debits for, and a threshold. */
    private static Map<String, AttributeValue> account(int usable, Optional<Integer> threshold, String... openJobs) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("accountId", new AttributeValue().withS("acct_a"));
        item.put("status", new AttributeValue().withS("ACTIVE"));
        item.put("lots", new AttributeValue().withM(Map.of("lot_1", lot(usable, CHANGED_AT.plusSeconds(86_400)),
                "lot_old", lot(500, CHANGED_AT.minusSeconds(60)))));
        Map<String, AttributeValue> debits = new LinkedHashMap<>();
        for (String job : openJobs) {
            debits.put(job, new AttributeValue().withM(Map.of("at", number(CHANGED_AT.toEpochMilli()))));
        }
        item.put("debits", new AttributeValue().withM(debits));
        threshold.ifPresent(credits -> item.put("lowBalanceThreshold", number(credits)));
        return item;
    }

    private static DynamodbEvent.DynamodbStreamRecord accountChange(String sequence, Map<String, AttributeValue> before,
                                                                    Map<String, AttributeValue> after) {
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("MODIFY");
        record.setDynamodb(new StreamRecord().withSequenceNumber(sequence).withApproximateCreationDateTime(Date.from(CHANGED_AT))
                .withKeys(Map.of("accountId", new AttributeValue().withS("acct_a"))).withOldImage(before).withNewImage(after));
        return record;
    }

    @Test
    void aDebitTakingTheUsableBalanceUnderTheThresholdIsCreditsLowValidAgainstItsSchema() throws Exception {
        Event low = StreamEvents.of(accountChange("1", account(10, Optional.of(10)), account(9, Optional.of(10), "job_1")))
                .stream().findFirst().orElseThrow();

        assertThat(low.type()).isEqualTo(EventType.CREDITS_LOW);
        assertThat(low.data()).containsEntry("balance", 9).containsEntry("threshold", 10).containsEntry("reference", "job_1");
        EventSchemas.assertValid(new ObjectMapper().writeValueAsString(low.envelope()));
    }

    @Test
    void noThresholdAnotherDebitBelowOrARefundIsNoCreditsLow() {
        assertThat(StreamEvents.of(accountChange("2", account(10, Optional.empty()), account(9, Optional.empty(), "job_1"))))
                .isEmpty();
        assertThat(StreamEvents.of(accountChange("3", account(9, Optional.of(10), "job_1"),
                account(8, Optional.of(10), "job_1", "job_2")))).isEmpty();
        // A refund closes a debit and gives credits back: the balance goes up, nothing crossed downwards.
        assertThat(StreamEvents.of(accountChange("4", account(8, Optional.of(10), "job_1"), account(12, Optional.of(10)))))
                .isEmpty();
    }

    @Test
    void aJobsRecordCarriesItsCallback() {
        Map<String, AttributeValue> job = new HashMap<>(Map.of("jobId", new AttributeValue().withS("job_1"),
                "callbackUrl", new AttributeValue().withS("https://hooks.example.com/in"),
                "callbackMoments", new AttributeValue().withS("start,completed")));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setDynamodb(new StreamRecord().withKeys(Map.of("jobId", new AttributeValue().withS("job_1"))).withNewImage(job));

        assertThat(StreamEvents.jobCallback(record)).contains(new JobCallback(URI.create("https://hooks.example.com/in"),
                Set.of(JobCallback.Moment.START, JobCallback.Moment.COMPLETED)));
        job.remove("callbackUrl");
        assertThat(StreamEvents.jobCallback(record)).isEmpty();
    }
}
