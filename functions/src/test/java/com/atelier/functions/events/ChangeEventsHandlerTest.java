package com.atelier.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.atelier.testkit.events.EventSchemas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

class ChangeEventsHandlerTest {

    /** Records every PutEvents; refuses the entries whose detail mentions one of {@code refused}. */
    private static final class RecordingBus implements EventBridgeClient {
        final List<List<PutEventsRequestEntry>> puts = new ArrayList<>();
        final Set<String> refused;

        RecordingBus(Set<String> refused) {
            this.refused = refused;
        }

        @Override
        public PutEventsResponse putEvents(PutEventsRequest request) {
            puts.add(request.entries());
            List<PutEventsResultEntry> results = request.entries().stream().map(entry -> refused.stream()
                    .anyMatch(entry.detail()::contains)
                    ? PutEventsResultEntry.builder().errorCode("ThrottlingException").errorMessage("slow down").build()
                    : PutEventsResultEntry.builder().eventId("evt").build()).toList();
            return PutEventsResponse.builder().entries(results)
                    .failedEntryCount((int) results.stream().filter(result -> result.errorCode() != null).count()).build();
        }

        @Override
        public String serviceName() {
            return "events";
        }

        @Override
        public void close() {
        }
    }

    private static Map<String, AttributeValue> job(String jobId, String status) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("jobId", new AttributeValue().withS(jobId));
        item.put("accountId", new AttributeValue().withS("acct_a"));
        item.put("kind", new AttributeValue().withS("GENERATION"));
        item.put("status", new AttributeValue().withS(status));
        item.put("images", new AttributeValue().withN("4"));
        item.put("credits", new AttributeValue().withN("1"));
        item.put("updatedAt", new AttributeValue().withS("2026-11-25T10:00:00.000Z"));
        return item;
    }

    private static DynamodbEvent.DynamodbStreamRecord jobRecord(String sequence, String jobId, String from, String to) {
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("MODIFY");
        record.setDynamodb(new StreamRecord().withSequenceNumber(sequence)
                .withKeys(Map.of("jobId", new AttributeValue().withS(jobId)))
                .withOldImage(job(jobId, from)).withNewImage(job(jobId, to)));
        return record;
    }

    private static DynamodbEvent.DynamodbStreamRecord ledgerInsert(String sequence) {
        Map<String, AttributeValue> entry = Map.of(
                "accountId", new AttributeValue().withS("acct_a"),
                "entryId", new AttributeValue().withS("purchase#pi_" + sequence),
                "type", new AttributeValue().withS("PURCHASE"),
                "credits", new AttributeValue().withN("115"),
                "occurredAt", new AttributeValue().withN("1795600000000"));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(new StreamRecord().withSequenceNumber(sequence)
                .withKeys(Map.of("accountId", entry.get("accountId"), "entryId", entry.get("entryId"))).withNewImage(entry));
        return record;
    }

    private static DynamodbEvent batch(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    @Test
    void statusChangesAndLedgerEntriesGoOnTheBusInTheirEnvelopesTenAtATimeAndProgressDoesNot() {
        RecordingBus bus = new RecordingBus(Set.of());
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        records.add(jobRecord("1", "job_progress", "RUNNING", "RUNNING"));
        for (int i = 0; i < 11; i++) {
            records.add(jobRecord(Integer.toString(10 + i), "job_" + i, "RUNNING", "SUCCEEDED"));
        }
        records.add(ledgerInsert("30"));

        StreamsEventResponse response = new ChangeEventsHandler(bus, "atelier-dev-events").handleRequest(batch(records), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(bus.puts).extracting(List::size).containsExactly(10, 2);
        PutEventsRequestEntry first = bus.puts.get(0).get(0);
        assertThat(first.eventBusName()).isEqualTo("atelier-dev-events");
        assertThat(first.source()).isEqualTo("atelier");
        assertThat(first.detailType()).isEqualTo("job.succeeded");
        assertThat(first.detail()).contains("\"job_id\":\"job_0\"", "\"status\":\"succeeded\"");
        assertThat(bus.puts.get(1).get(1).detailType()).isEqualTo("credits.purchased");
        bus.puts.stream().flatMap(List::stream).forEach(entry -> EventSchemas.assertValid(entry.detail()));
    }

    @Test
    void aRefusedEventIsReportedSoThatItAndWhatFollowsComeAgain() {
        RecordingBus bus = new RecordingBus(Set.of("job_b"));

        StreamsEventResponse response = new ChangeEventsHandler(bus, "atelier-dev-events").handleRequest(batch(List.of(
                jobRecord("1", "job_a", "RUNNING", "SUCCEEDED"),
                jobRecord("2", "job_b", "RUNNING", "FAILED"),
                jobRecord("3", "job_c", "RUNNING", "REJECTED"))), null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("2");
    }
}
