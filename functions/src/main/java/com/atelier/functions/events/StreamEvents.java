package com.atelier.functions.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetScope;
import com.atelier.budgets.Enforcement;
import com.atelier.events.ChangeEvents;
import com.atelier.events.Event;
import com.atelier.webhooks.JobCallback;
import java.net.URI;
import com.atelier.credits.LowBalanceAlert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events in one DynamoDB stream record of the jobs, ledger, reviews or accounts table (an account
 * change may reach several budget thresholds at once);
 * the table is told by the record's key attributes, which no two of them share.
 */
public final class StreamEvents {

    /** The account item's attribute of its low-balance threshold, as the accounts store writes it. */
    private static final String LOW_BALANCE_THRESHOLD = "lowBalanceThreshold";

    private StreamEvents() {
    }

    public static List<Event> of(DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, String> keys = values(record.getDynamodb().getKeys());
        Map<String, String> before = values(record.getDynamodb().getOldImage());
        Map<String, String> after = values(record.getDynamodb().getNewImage());
        if (after.isEmpty()) {
            return List.of();
        }
        if (keys.containsKey("entryId")) {
            return "INSERT".equals(record.getEventName()) ? list(ChangeEvents.ofLedgerInsert(after)) : List.of();
        }
        if (keys.containsKey("jobId")) {
            return list(ChangeEvents.ofJobChange(before, after));
        }
        if (keys.containsKey("reviewId")) {
            return list(ChangeEvents.ofReviewChange(before, after));
        }
        if (keys.containsKey("accountId")) {
            Instant changedAt = Optional.ofNullable(record.getDynamodb().getApproximateCreationDateTime())
                    .map(java.util.Date::toInstant).orElseGet(Instant::now);
            List<Event> events = new ArrayList<>(list(ChangeEvents.ofAccountChange(before, after,
                    record.getDynamodb().getSequenceNumber(), changedAt).or(() -> lowBalance(record, after, changedAt))));
            events.addAll(ChangeEvents.ofBudgetSpend(after.get("accountId"), budgets(record.getDynamodb().getOldImage()),
                    budgets(record.getDynamodb().getNewImage()), changedAt));
            return events;
        }
        return List.of();
    }

    private static List<Event> list(Optional<Event> event) {
        return event.map(List::of).orElse(List.of());
    }

    /** The account item's {@code budgets} map as the stream gives it (see {@code aws.credits.BudgetItem}). */
    private static Map<BudgetScope, Budget> budgets(Map<String, AttributeValue> image) {
        Map<BudgetScope, Budget> budgets = new LinkedHashMap<>();
        AttributeValue stored = image == null ? null : image.get("budgets");
        if (stored == null || stored.getM() == null) {
            return budgets;
        }
        stored.getM().forEach((scopeKey, value) -> {
            Map<String, AttributeValue> budget = value.getM();
            List<Integer> thresholds = budget.get("thresholds").getL().stream().map(percent -> Integer.parseInt(percent.getN())).toList();
            Map<String, Integer> spent = new LinkedHashMap<>();
            Optional.ofNullable(budget.get("spent")).map(AttributeValue::getM).ifPresent(months ->
                    months.forEach((month, credits) -> spent.put(month, Integer.parseInt(credits.getN()))));
            BudgetScope scope = BudgetScope.ofKey(scopeKey);
            budgets.put(scope, new Budget(scope, Integer.parseInt(budget.get("creditLimit").getN()),
                    Enforcement.valueOf(budget.get("enforcement").getS()), thresholds, spent));
        });
        return budgets;
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
