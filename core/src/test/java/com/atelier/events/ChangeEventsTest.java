package com.atelier.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.credits.LowBalanceAlert;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeEventsTest {

    private static Map<String, String> job(String status) {
        return Map.of("jobId", "job_1", "accountId", "acct_a", "kind", "GENERATION", "status", status,
                "images", "4", "credits", "1", "updatedAt", "2026-11-25T10:00:00.000Z");
    }

    @Test
    void aJobEnteringAStatusIsOneEventOfThatType() {
        Event event = ChangeEvents.ofJobChange(job("RUNNING"), job("SUCCEEDED")).orElseThrow();

        assertThat(event.type()).isEqualTo(EventType.JOB_SUCCEEDED);
        assertThat(event.accountId()).isEqualTo("acct_a");
        assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(event.data()).containsEntry("job_id", "job_1").containsEntry("status", "succeeded")
                .containsEntry("kind", "generation").containsEntry("images", 4).containsEntry("credits", 1)
                .doesNotContainKey("status_reason");
        assertThat(ChangeEvents.ofJobChange(Map.of(), job("QUEUED")).orElseThrow().type()).isEqualTo(EventType.JOB_QUEUED);
        assertThat(ChangeEvents.ofJobChange(job("QUEUED"), job("RUNNING")).orElseThrow().type()).isEqualTo(EventType.JOB_STARTED);
        assertThat(ChangeEvents.ofJobChange(job("RUNNING"), job("REJECTED")).orElseThrow().type()).isEqualTo(EventType.JOB_REJECTED);
        assertThat(ChangeEvents.ofJobChange(job("QUEUED"), job("CANCELLED")).orElseThrow().type()).isEqualTo(EventType.JOB_CANCELLED);
    }

    @Test
    void aReplayedChangeIsTheSameEventIdIncluded() {
        assertThat(ChangeEvents.ofJobChange(job("RUNNING"), job("SUCCEEDED")))
                .isEqualTo(ChangeEvents.ofJobChange(job("RUNNING"), job("SUCCEEDED")));
        assertThat(ChangeEvents.ofJobChange(job("RUNNING"), job("SUCCEEDED")).orElseThrow().id())
                .isNotEqualTo(ChangeEvents.ofJobChange(job("QUEUED"), job("RUNNING")).orElseThrow().id());
    }

    @Test
    void progressRewritesAndRefusalsOfAJobAreNotEvents() {
        assertThat(ChangeEvents.ofJobChange(job("RUNNING"), job("RUNNING"))).isEmpty();
        assertThat(ChangeEvents.ofJobChange(job("SUCCEEDED"), job("SUCCEEDED"))).isEmpty();
        assertThat(ChangeEvents.ofJobChange(job("QUEUED"), job("REFUSED"))).isEmpty();
    }

    @Test
    void aFailedJobCarriesItsReason() {
        Map<String, String> failed = new HashMap<>(job("FAILED"));
        failed.put("statusReason", "processing_failed");

        assertThat(ChangeEvents.ofJobChange(job("RUNNING"), failed).orElseThrow().data())
                .containsEntry("status", "failed").containsEntry("status_reason", "processing_failed");
    }

    @Test
    void everyLedgerEntryIsACreditsEventOfItsKind() {
        Event event = ChangeEvents.ofLedgerInsert(Map.of("accountId", "acct_a", "entryId", "purchase#pi_1",
                "type", "PURCHASE", "credits", "115", "reference", "pi_1", "occurredAt", "1795600000000")).orElseThrow();

        assertThat(event.type()).isEqualTo(EventType.CREDITS_PURCHASED);
        assertThat(event.data()).containsEntry("entry_type", "purchase").containsEntry("credits", 115)
                .containsEntry("entry_id", "purchase#pi_1");
        assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-11-25T09:46:40Z"));
    }

    @Test
    void reviewsAreEventsWhenOpenedAndWhenResolved() {
        Map<String, String> open = Map.of("reviewId", "rev_1", "accountId", "acct_a", "kind", "BLOCKED_PROMPT",
                "status", "OPEN", "createdAt", "2026-11-25T10:00:00Z");
        Map<String, String> resolved = new HashMap<>(open);
        resolved.put("resolvedAt", "2026-11-25T11:00:00Z");
        resolved.put("outcome", "upheld");

        assertThat(ChangeEvents.ofReviewChange(Map.of(), open).orElseThrow().type()).isEqualTo(EventType.REVIEW_OPENED);
        assertThat(ChangeEvents.ofReviewChange(open, resolved).orElseThrow().data()).containsEntry("outcome", "upheld");
        assertThat(ChangeEvents.ofReviewChange(resolved, resolved)).isEmpty();
    }

    @Test
    void anAccountsStatusChangeIsASuspensionOrARestoration() {
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        Map<String, String> active = Map.of("accountId", "acct_a", "status", "ACTIVE");
        Map<String, String> suspended = Map.of("accountId", "acct_a", "status", "SUSPENDED");

        assertThat(ChangeEvents.ofAccountChange(active, suspended, "1", at).orElseThrow().type()).isEqualTo(EventType.ACCOUNT_SUSPENDED);
        assertThat(ChangeEvents.ofAccountChange(suspended, active, "2", at).orElseThrow().type()).isEqualTo(EventType.ACCOUNT_RESTORED);
        assertThat(ChangeEvents.ofAccountChange(active, active, "3", at)).isEmpty();
    }

    private static final Instant DEBITED_AT = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void aDebitFromAtOrAboveTheThresholdToBelowItIsOneCreditsLow() {
        LowBalanceAlert alert = new LowBalanceAlert(10);

        Event low = ChangeEvents.ofLowBalance("acct_a", "job_1", 10, 9, alert, DEBITED_AT).orElseThrow();

        assertThat(low.type()).isEqualTo(EventType.CREDITS_LOW);
        assertThat(low.data()).containsEntry("balance", 9).containsEntry("threshold", 10).containsEntry("reference", "job_1");
        assertThat(ChangeEvents.ofLowBalance("acct_a", "job_1", 25, 0, alert, DEBITED_AT)).isPresent();
    }

    @Test
    void aDebitThatStaysAboveOrWasAlreadyBelowIsNoCreditsLow() {
        LowBalanceAlert alert = new LowBalanceAlert(10);

        assertThat(ChangeEvents.ofLowBalance("acct_a", "job_1", 20, 10, alert, DEBITED_AT)).isEmpty();
        assertThat(ChangeEvents.ofLowBalance("acct_a", "job_2", 9, 5, alert, DEBITED_AT)).isEmpty();
    }

    @Test
    void aReplayedCrossingIsTheSameEventAndALaterCrossingAnother() {
        LowBalanceAlert alert = new LowBalanceAlert(10);

        Event first = ChangeEvents.ofLowBalance("acct_a", "job_1", 12, 8, alert, DEBITED_AT).orElseThrow();
        Event replayed = ChangeEvents.ofLowBalance("acct_a", "job_1", 12, 8, alert, DEBITED_AT).orElseThrow();
        // A refund or a purchase took the balance back up; the next debit crosses again.
        Event again = ChangeEvents.ofLowBalance("acct_a", "job_3", 15, 5, alert, DEBITED_AT.plusSeconds(60)).orElseThrow();

        assertThat(replayed.id()).isEqualTo(first.id());
        assertThat(again.id()).isNotEqualTo(first.id());
    }
}
