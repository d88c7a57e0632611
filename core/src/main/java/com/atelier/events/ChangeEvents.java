package com.atelier.events;

import com.atelier.credits.LedgerEntryType;
import com.atelier.jobs.JobStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which changes of the jobs and ledger tables are events, read from their DynamoDB stream records
 * (attribute name to its string or number value, as the stream gives them): a job's move into a
 * final status, and every new ledger entry. A replayed record yields the same event again; consumers
 * tell them apart by {@code job_id} or {@code entry_id}.
 */
public final class ChangeEvents {

    private ChangeEvents() {
    }

    /** @param before the job's item before the change, empty for an insert */
    public static Optional<ChangeEvent> ofJobChange(Map<String, String> before, Map<String, String> after) {
        String status = after.get("status");
        if (status == null || !isFinal(status) || status.equals(before.get("status"))) {
            return Optional.empty();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("job_id", after.get("jobId"));
        detail.put("account_id", after.get("accountId"));
        detail.put("kind", after.get("kind").toLowerCase(Locale.ROOT));
        detail.put("status", status.toLowerCase(Locale.ROOT));
        Optional.ofNullable(after.get("statusReason")).ifPresent(reason -> detail.put("status_reason", reason));
        detail.put("images", Integer.parseInt(after.getOrDefault("images", "0")));
        detail.put("credits", Integer.parseInt(after.getOrDefault("credits", "0")));
        detail.put("finished_at", after.get("updatedAt"));
        return Optional.of(new ChangeEvent(ChangeEvent.JOB_FINISHED, after.get("accountId"), detail));
    }

    /** A ledger entry is written once and never changed, so only inserts are events. */
    public static Optional<ChangeEvent> ofLedgerInsert(Map<String, String> entry) {
        String type = entry.get("type");
        if (type == null) {
            return Optional.empty();
        }
        LedgerEntryType entryType = LedgerEntryType.valueOf(type);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("account_id", entry.get("accountId"));
        detail.put("entry_id", entry.get("entryId"));
        detail.put("type", entryType.name().toLowerCase(Locale.ROOT));
        detail.put("credits", Integer.parseInt(entry.getOrDefault("credits", "0")));
        Optional.ofNullable(entry.get("reference")).ifPresent(reference -> detail.put("reference", reference));
        detail.put("occurred_at", Instant.ofEpochMilli(Long.parseLong(entry.get("occurredAt"))).toString());
        return Optional.of(new ChangeEvent(ChangeEvent.CREDITS_CHANGED, entry.get("accountId"), detail));
    }

    private static boolean isFinal(String status) {
        try {
            return JobStatus.valueOf(status).next().isEmpty();
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
