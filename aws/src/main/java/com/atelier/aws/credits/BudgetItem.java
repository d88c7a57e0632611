package com.atelier.aws.credits;

import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetScope;
import com.atelier.budgets.Enforcement;
import com.atelier.hashing.Sha256;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A budget in the account item's {@code budgets} map, under its scope's key: its settings, and its
 * spend under each month's name ({@code spent.2026-12}), so that a debit adds to this month's and a
 * new month starts from nothing, with no reset to write.
 */
@DynamoDbBean
public class BudgetItem {

    private int creditLimit;
    private String enforcement;
    private List<Integer> thresholds = new ArrayList<>();
    private Map<String, Integer> spent = new LinkedHashMap<>();

    /** A budget's short name on the debits that counted in it: 8 hex digits of its scope key's SHA-256. */
    static String tag(BudgetScope scope) {
        return Sha256.hex(scope.key()).substring(0, 8);
    }

    static BudgetItem of(Budget budget) {
        BudgetItem item = new BudgetItem();
        item.setCreditLimit(budget.monthlyCreditLimit());
        item.setEnforcement(budget.enforcement().name());
        item.setThresholds(new ArrayList<>(budget.thresholdsPercent()));
        item.setSpent(new LinkedHashMap<>(budget.spentByMonth()));
        return item;
    }

    Budget toBudget(String scopeKey) {
        return new Budget(BudgetScope.ofKey(scopeKey), creditLimit, Enforcement.valueOf(enforcement), thresholds, spent);
    }

    public int getCreditLimit() {
        return creditLimit;
    }

    public void setCreditLimit(int creditLimit) {
        this.creditLimit = creditLimit;
    }

    public String getEnforcement() {
        return enforcement;
    }

    public void setEnforcement(String enforcement) {
        this.enforcement = enforcement;
    }

    public List<Integer> getThresholds() {
        return thresholds;
    }

    public void setThresholds(List<Integer> thresholds) {
        this.thresholds = thresholds;
    }

    public Map<String, Integer> getSpent() {
        return spent;
    }

    public void setSpent(Map<String, Integer> spent) {
        this.spent = spent;
    }
}
