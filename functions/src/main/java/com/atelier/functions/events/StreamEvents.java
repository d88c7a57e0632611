package com.atelier.functions.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetScope;
import com.atelier.budgets.Enforcement;
import com.atelier.events.ChangeEvents;
import com.atelier.events.Event;
import java.time.Instant;
import java.util.ArrayList;
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
                    record.getDynamodb().getSequenceNumber(), changedAt)));
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
