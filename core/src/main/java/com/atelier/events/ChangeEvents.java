package com.atelier.events;

import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetScope;
import com.atelier.credits.LedgerEntryType;
import com.atelier.credits.LowBalanceAlert;
import com.atelier.hashing.Sha256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which changes of the jobs, ledger, reviews and accounts tables are events, read from their stream
 * records (attribute name to its string or number value, as the stream gives them; {@code before} is
 * empty for an insert). Each event's id is derived from what changed, so a replayed record yields the
 * same event again, id included.
 */
public final class ChangeEvents {

    private ChangeEvents() {
    }

    /** A job's move into queued, running or a final status; progress and rewrites of a status are not events. */
    public static Optional<Event> ofJobChange(Map<String, String> before, Map<String, String> after) {
        String status = after.get("status");
        if (status == null || status.equals(before.get("status"))) {
            return Optional.empty();
        }
        Optional<EventType> type = switch (status) {
            case "QUEUED" -> Optional.of(EventType.JOB_QUEUED);
            case "RUNNING" -> Optional.of(EventType.JOB_STARTED);
            case "SUCCEEDED" -> Optional.of(EventType.JOB_SUCCEEDED);
            case "FAILED" -> Optional.of(EventType.JOB_FAILED);
            case "CANCELLED" -> Optional.of(EventType.JOB_CANCELLED);
            case "REJECTED" -> Optional.of(EventType.JOB_REJECTED);
            // A refused job was never paid for and is retried under the same id: nothing happened yet.
            default -> Optional.empty();
        };
        return type.map(eventType -> {
            Map<String, Object> data = new HashMap<>();
            data.put("job_id", after.get("jobId"));
            data.put("kind", after.get("kind").toLowerCase(Locale.ROOT));
            data.put("status", status.toLowerCase(Locale.ROOT));
            Optional.ofNullable(after.get("statusReason")).ifPresent(reason -> data.put("status_reason", reason));
            data.put("images", Integer.parseInt(after.getOrDefault("images", "0")));
            data.put("credits", Integer.parseInt(after.getOrDefault("credits", "0")));
            Optional.ofNullable(after.get("flaggedImages")).ifPresent(flagged -> data.put("flagged_images", Integer.parseInt(flagged)));
            // A job's status moves only forward (JobStatus), so job and status name the change once.
            return new Event(eventId(eventType, after.get("jobId")), eventType,
                    Instant.parse(after.get("updatedAt")), after.get("accountId"), data);
        });
    }

    /** A ledger entry is written once and never changed, so only inserts are events. */
    public static Optional<Event> ofLedgerInsert(Map<String, String> entry) {
        String type = entry.get("type");
        if (type == null) {
            return Optional.empty();
        }
        EventType eventType = switch (LedgerEntryType.valueOf(type)) {
            case DEBIT -> EventType.CREDITS_DEBITED;
            case REFUND -> EventType.CREDITS_REFUNDED;
            case FREE_GRANT, GRANT -> EventType.CREDITS_GRANTED;
            case PURCHASE -> EventType.CREDITS_PURCHASED;
            case EXPIRY -> EventType.CREDITS_EXPIRED;
            // A budget's change moves no credits; its threshold events come from the account item.
            case BUDGET_SET, BUDGET_REMOVED -> null;
        };
        if (eventType == null) {
            return Optional.empty();
        }
        Map<String, Object> data = new HashMap<>();
        data.put("entry_id", entry.get("entryId"));
        data.put("entry_type", type.toLowerCase(Locale.ROOT));
        data.put("credits", Integer.parseInt(entry.getOrDefault("credits", "0")));
        Optional.ofNullable(entry.get("reference")).ifPresent(reference -> data.put("reference", reference));
        return Optional.of(new Event(eventId(eventType, entry.get("accountId") + "/" + entry.get("entryId")), eventType,
                Instant.ofEpochMilli(Long.parseLong(entry.get("occurredAt"))), entry.get("accountId"), data));
    }

    /** A review item opened, or its resolution. */
    public static Optional<Event> ofReviewChange(Map<String, String> before, Map<String, String> after) {
        boolean opened = before.isEmpty() && !after.isEmpty();
        boolean resolved = after.containsKey("resolvedAt") && !before.containsKey("resolvedAt");
        if (!opened && !resolved) {
            return Optional.empty();
        }
        EventType type = resolved ? EventType.REVIEW_RESOLVED : EventType.REVIEW_OPENED;
        Map<String, Object> data = new HashMap<>();
        data.put("review_id", after.get("reviewId"));
        data.put("kind", after.get("kind").toLowerCase(Locale.ROOT));
        Optional.ofNullable(after.get("category")).ifPresent(category -> data.put("category", category));
        Optional.ofNullable(after.get("outcome")).filter(outcome -> resolved).ifPresent(outcome -> data.put("outcome", outcome));
        Instant at = Instant.parse(resolved ? after.get("resolvedAt") : after.get("createdAt"));
        return Optional.of(new Event(eventId(type, after.get("reviewId")), type, at, after.get("accountId"), data));
    }

    /**
     * An account's suspension or restoration. An account may be suspended more than once, so the
     * event's id also names the stream record that carried the change ({@code changeId}).
     */
    public static Optional<Event> ofAccountChange(Map<String, String> before, Map<String, String> after,
                                                  String changeId, Instant changedAt) {
        String status = after.get("status");
        String previous = before.get("status");
        if (status == null || previous == null || status.equals(previous)) {
            return Optional.empty();
        }
        EventType type = "SUSPENDED".equals(status) ? EventType.ACCOUNT_SUSPENDED : EventType.ACCOUNT_RESTORED;
        return Optional.of(new Event(eventId(type, after.get("accountId") + "/" + changeId), type, changedAt,
                after.get("accountId"), Map.of("status", status.toLowerCase(Locale.ROOT))));
    }

    /**
     * The thresholds each budget's month spend reached in this change of the account item: those the
     * new image reaches and the old one did not, for the same budget and month (a new month's spend
     * starts from nothing; a budget new to the item reached none before). The id names the account,
     * budget, month and threshold, so a threshold fires once a month however often the change is
     * replayed, and again only in the next month.
     */
    public static List<Event> ofBudgetSpend(String accountId, Map<BudgetScope, Budget> before,
                                            Map<BudgetScope, Budget> after, Instant changedAt) {
        List<Event> events = new ArrayList<>();
        after.forEach((scope, budget) -> budget.spentByMonth().forEach((month, spent) -> {
            List<Integer> reachedBefore = Optional.ofNullable(before.get(scope))
                    .map(old -> old.thresholdsReachedBy(old.spentIn(month))).orElse(List.of());
            for (int percent : budget.thresholdsReachedBy(spent)) {
                if (reachedBefore.contains(percent)) {
                    continue;
                }
                Map<String, Object> data = new HashMap<>();
                data.put("scope", scope.kind().wireName());
                data.put("scope_id", scope.id());
                data.put("month", month);
                data.put("threshold_percent", percent);
                data.put("monthly_credit_limit", budget.monthlyCreditLimit());
                data.put("spent_credits", spent);
                data.put("enforcement", budget.enforcement().wireName());
                events.add(new Event(eventId(EventType.BUDGET_THRESHOLD_REACHED, accountId + "/" + scope.key() + "/" + month
                        + "/" + percent), EventType.BUDGET_THRESHOLD_REACHED, changedAt, accountId, data));
            }
        }));
        return events;
    }

    /**
     * A debit that took the account's balance under its low-balance threshold. The debit's job names
     * the crossing, so a replayed record is the same event, and a later crossing (after the balance
     * went back up) another one.
     *
     * @param debitedJobId the job whose debit the change added
     */
    public static Optional<Event> ofLowBalance(String accountId, String debitedJobId, int balanceBefore, int balanceAfter,
                                               LowBalanceAlert alert, Instant changedAt) {
        if (!alert.crossedBy(balanceBefore, balanceAfter)) {
            return Optional.empty();
        }
        return Optional.of(new Event(eventId(EventType.CREDITS_LOW, accountId + "/" + debitedJobId), EventType.CREDITS_LOW,
                changedAt, accountId, Map.of("balance", balanceAfter, "threshold", alert.thresholdCredits(),
                        "reference", debitedJobId)));
    }

    /** Announces that deliveries to an endpoint stopped, and why; the endpoint's own change carries its id. */
    public static Event endpointDisabled(String accountId, String endpointId, String url, String reason, Instant at) {
        return new Event(eventId(EventType.WEBHOOK_ENDPOINT_DISABLED, endpointId + "/" + at), EventType.WEBHOOK_ENDPOINT_DISABLED,
                at, accountId, Map.of("endpoint_id", endpointId, "url", url, "reason", reason));
    }

    private static String eventId(EventType type, String subject) {
        return "evt_" + Sha256.hex(type.wireName() + "|" + subject).substring(0, 32);
    }
}
