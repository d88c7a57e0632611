package com.atelier.testkit.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetScope;
import com.atelier.budgets.Enforcement;
import com.atelier.credits.LowBalanceAlert;
import com.atelier.events.ChangeEvents;
import com.atelier.events.Event;
import com.atelier.events.EventType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every type core builds is valid against its own schema, and the schemas refuse what they should. */
class EventCatalogueTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    private static List<Event> oneOfEachType() {
        List<Event> events = new ArrayList<>();
        Map<String, String> job = new HashMap<>(Map.of("jobId", "job_1", "accountId", "acct_a", "kind", "EDIT",
                "images", "2", "credits", "3", "updatedAt", "2026-11-25T10:00:00.000Z"));
        String previous = null;
        for (String status : List.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "REJECTED")) {
            Map<String, String> after = new HashMap<>(job);
            after.put("status", status);
            if (status.equals("FAILED")) {
                after.put("statusReason", "processing_failed");
            }
            events.add(ChangeEvents.ofJobChange(previous == null ? Map.of() : Map.of("status", previous), after).orElseThrow());
            previous = "RUNNING".equals(status) ? status : previous;
        }
        Map<String, Integer> credits = Map.of("DEBIT", -3, "REFUND", 3, "GRANT", 50, "FREE_GRANT", 25, "PURCHASE", 115, "EXPIRY", -7);
        credits.forEach((type, amount) -> events.add(ChangeEvents.ofLedgerInsert(Map.of("accountId", "acct_a",
                "entryId", type.toLowerCase() + "#ref", "type", type, "credits", amount.toString(), "reference", "ref",
                "occurredAt", "1795600000000")).orElseThrow()));
        Map<String, String> review = Map.of("reviewId", "rev_1", "accountId", "acct_a", "kind", "FLAGGED_OUTPUT",
                "category", "violence", "status", "OPEN", "createdAt", "2026-11-25T10:00:00Z");
        Map<String, String> resolved = new HashMap<>(review);
        resolved.putAll(Map.of("status", "RESOLVED", "resolvedAt", "2026-11-25T11:00:00Z", "outcome", "dismissed"));
        events.add(ChangeEvents.ofReviewChange(Map.of(), review).orElseThrow());
        events.add(ChangeEvents.ofReviewChange(review, resolved).orElseThrow());
        events.add(ChangeEvents.ofAccountChange(Map.of("status", "ACTIVE"), Map.of("accountId", "acct_a", "status", "SUSPENDED"), "1", AT).orElseThrow());
        events.add(ChangeEvents.ofAccountChange(Map.of("status", "SUSPENDED"), Map.of("accountId", "acct_a", "status", "ACTIVE"), "2", AT).orElseThrow());
        BudgetScope key = BudgetScope.apiKey("key_1");
        events.addAll(ChangeEvents.ofBudgetSpend("acct_a", Map.of(), Map.of(key, new Budget(key, 10, Enforcement.HARD,
                List.of(50), Map.of("2026-11", 5))), AT));
        events.add(ChangeEvents.ofLowBalance("acct_a", "job_1", 10, 7, new LowBalanceAlert(10), AT).orElseThrow());
        events.add(ChangeEvents.endpointDisabled("acct_a", "we_1", "https://example.com/hooks", "410 Gone", AT));
        events.add(new Event("evt_0123456789abcdef0123456789abcdef", EventType.WEBHOOK_ENDPOINT_TEST, AT, "acct_a",
                Map.of("endpoint_id", "we_1")));
        return events;
    }

    @Test
    void everyTypeCoreBuildsIsValidAgainstItsSchema() {
        Set<EventType> seen = EnumSet.noneOf(EventType.class);
        for (Event event : oneOfEachType()) {
            EventSchemas.assertValid(JSON.valueToTree(event.envelope()));
            seen.add(event.type());
        }
        assertThat(seen).containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void aSchemaRefusesAnUnknownFieldAWrongStatusAndAMissingEnvelopeField() {
        ObjectNode succeeded = JSON.valueToTree(oneOfEachType().get(2).envelope());
        ObjectNode extra = succeeded.deepCopy();
        extra.with("data").put("surprise", 1);
        ObjectNode wrongStatus = succeeded.deepCopy();
        wrongStatus.with("data").put("status", "failed");
        ObjectNode noVersion = succeeded.deepCopy();
        noVersion.remove("api_version");

        for (ObjectNode invalid : List.of(extra, wrongStatus, noVersion)) {
            assertThatThrownBy(() -> EventSchemas.assertValid(invalid)).isInstanceOf(AssertionError.class);
        }
    }
}
