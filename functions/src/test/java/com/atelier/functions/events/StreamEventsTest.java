package com.atelier.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.atelier.events.Event;
import com.atelier.events.EventType;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An account item's stream record, as DynamoDB Streams writes it, read into budget threshold events. */
class StreamEventsTest {

    private static AttributeValue number(int value) {
        return new AttributeValue().withN(Integer.toString(value));
    }

    private static Map<String, AttributeValue> account(int spent) {
        AttributeValue budget = new AttributeValue().withM(Map.of(
                "creditLimit", number(10),
                "enforcement", new AttributeValue().withS("HARD"),
                "thresholds", new AttributeValue().withL(List.of(number(50), number(80), number(100))),
                "spent", new AttributeValue().withM(Map.of("2026-12", number(spent)))));
        return Map.of("accountId", new AttributeValue().withS("acct_a"), "status", new AttributeValue().withS("ACTIVE"),
                "budgets", new AttributeValue().withM(Map.of("user:alice", budget)));
    }

    private static DynamodbEvent.DynamodbStreamRecord record(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        StreamRecord change = new StreamRecord();
        change.setKeys(Map.of("accountId", new AttributeValue().withS("acct_a")));
        change.setOldImage(before);
        change.setNewImage(after);
        change.setSequenceNumber("7");
        change.setApproximateCreationDateTime(new Date(1_796_000_000_000L));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("MODIFY");
        record.setDynamodb(change);
        return record;
    }

    @Test
    void aDebitThatCrossesTwoThresholdsIsTwoEvents() {
        List<Event> events = StreamEvents.of(record(account(4), account(8)));

        assertThat(events).extracting(Event::type).containsOnly(EventType.BUDGET_THRESHOLD_REACHED);
        assertThat(events).extracting(event -> event.data().get("threshold_percent")).containsExactlyInAnyOrder(50, 80);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.accountId()).isEqualTo("acct_a");
            assertThat(event.data()).containsEntry("scope", "user").containsEntry("scope_id", "alice");
        });
    }

    @Test
    void aChangeThatReachesNoNewThresholdIsNoEvent() {
        assertThat(StreamEvents.of(record(account(5), account(6)))).isEmpty();
    }
}
