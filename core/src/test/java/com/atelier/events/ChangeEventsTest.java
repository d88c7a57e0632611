package com.atelier.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeEventsTest {

    private static Map<String, String> job(String status) {
        return Map.of("jobId", "job_1", "accountId", "acct_a", "kind", "GENERATION", "status", status,
                "images", "4", "credits", "1", "updatedAt", "2026-11-25T10:00:00.000Z");
    }

    @Test
    void aJobEntersItsFinalStatusOnceAsAnEvent() {
        ChangeEvent event = ChangeEvents.ofJobChange(job("RUNNING"), job("SUCCEEDED")).orElseThrow();

        assertThat(event.detailType()).isEqualTo("Job Finished");
        assertThat(event.accountId()).isEqualTo("acct_a");
        assertThat(event.detail()).containsEntry("job_id", "job_1").containsEntry("status", "succeeded")
                .containsEntry("kind", "generation").containsEntry("images", 4).containsEntry("credits", 1)
                .containsEntry("finished_at", "2026-11-25T10:00:00.000Z").doesNotContainKey("status_reason");
    }

    @Test
    void progressAndRewritesOfAFinishedJobAreNotEvents() {
        assertThat(ChangeEvents.ofJobChange(job("QUEUED"), job("RUNNING"))).isEmpty();
        assertThat(ChangeEvents.ofJobChange(job("RUNNING"), job("RUNNING"))).isEmpty();
        assertThat(ChangeEvents.ofJobChange(job("SUCCEEDED"), job("SUCCEEDED"))).isEmpty();
        assertThat(ChangeEvents.ofJobChange(Map.of(), job("PENDING"))).isEmpty();
    }

    @Test
    void aRefusedJobCarriesItsReason() {
        Map<String, String> failed = new java.util.HashMap<>(job("FAILED"));
        failed.put("statusReason", "processing_failed");

        assertThat(ChangeEvents.ofJobChange(job("RUNNING"), failed).orElseThrow().detail())
                .containsEntry("status", "failed").containsEntry("status_reason", "processing_failed");
    }

    @Test
    void everyLedgerEntryIsACreditsEvent() {
        ChangeEvent event = ChangeEvents.ofLedgerInsert(Map.of("accountId", "acct_a", "entryId", "purchase#pi_1",
                "type", "PURCHASE", "credits", "115", "reference", "pi_1", "occurredAt", "1795600000000")).orElseThrow();

        assertThat(event.detailType()).isEqualTo("Credits Changed");
        assertThat(event.detail()).containsEntry("type", "purchase").containsEntry("credits", 115)
                .containsEntry("entry_id", "purchase#pi_1").containsEntry("occurred_at", "2026-11-25T09:46:40Z");
    }
}
