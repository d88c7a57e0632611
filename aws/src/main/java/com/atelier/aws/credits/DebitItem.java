package com.atelier.aws.credits;

import com.atelier.credits.Draw;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.atelier.accounts.OpenDebit;
import com.atelier.budgets.BudgetScope;

/**
 * An open debit in the account item's {@code debits} map, under its job id: the credits taken, from
 * which lots, and whether it has been closed by a refund (still here until the ledger has the refund).
 */
@DynamoDbBean
public class DebitItem {

    private long takenAt;
    private Map<String, DrawItem> draws = new LinkedHashMap<>();
    private Long refundedAt;
    private Map<String, String> restoredTo;
    private List<String> budgets;

    public static DebitItem of(List<Draw> draws, Instant takenAt) {
        DebitItem item = new DebitItem();
        item.setTakenAt(takenAt.toEpochMilli());
        draws.forEach(draw -> item.getDraws().put(draw.lotId(), DrawItem.of(draw)));
        return item;
    }

    /**
     * A debit that counted in these budgets' spend, each named by its {@link BudgetItem#tag}: an end
     * user's id may take 256 characters, and up to 500 open debits share the item. None leaves the
     * attribute out, as most debits do.
     */
    public static DebitItem of(List<Draw> draws, Instant takenAt, List<BudgetScope> budgeted) {
        DebitItem item = of(draws, takenAt);
        item.setBudgets(budgeted.isEmpty() ? null : budgeted.stream().map(BudgetItem::tag).toList());
        return item;
    }

    public static DebitItem of(OpenDebit debit) {
        DebitItem item = of(debit.draws(), debit.takenAt(), debit.budgeted());
        item.setRefundedAt(debit.refundedAt().map(Instant::toEpochMilli).orElse(null));
        item.setRestoredTo(debit.restoredTo().isEmpty() ? null : new LinkedHashMap<>(debit.restoredTo()));
        return item;
    }

    /**
     * @param budgetsByTag the account's budgets by {@link BudgetItem#tag}: a budget removed since the
     *                     debit is no longer one it counts in
     */
    public OpenDebit toOpenDebit(Map<String, BudgetScope> budgetsByTag) {
        return new OpenDebit(toDraws(), Instant.ofEpochMilli(takenAt),
                Optional.ofNullable(refundedAt).map(Instant::ofEpochMilli), restoredTo == null ? Map.of() : restoredTo,
                budgets == null ? List.of() : budgets.stream().filter(budgetsByTag::containsKey).map(budgetsByTag::get).toList());
    }

    public List<Draw> toDraws() {
        List<Draw> result = new ArrayList<>();
        draws.forEach((lotId, draw) -> result.add(draw.toDraw(lotId)));
        return result;
    }

    public long getTakenAt() {
        return takenAt;
    }

    public void setTakenAt(long takenAt) {
        this.takenAt = takenAt;
    }

    public Map<String, DrawItem> getDraws() {
        return draws;
    }

    public void setDraws(Map<String, DrawItem> draws) {
        this.draws = draws;
    }

    /** Set by the refund: for each drawn lot, the lot its credits went back to (itself, or a replacement). */
    public Map<String, String> getRestoredTo() {
        return restoredTo;
    }

    public void setRestoredTo(Map<String, String> restoredTo) {
        this.restoredTo = restoredTo;
    }

    /** The tags of the budgets whose month spend this debit counted in. */
    public List<String> getBudgets() {
        return budgets;
    }

    public void setBudgets(List<String> budgets) {
        this.budgets = budgets;
    }

    public Long getRefundedAt() {
        return refundedAt;
    }

    public void setRefundedAt(Long refundedAt) {
        this.refundedAt = refundedAt;
    }
}
