package com.atelier.aws.credits;

import com.atelier.accounts.Account;
import com.atelier.accounts.Role;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account item: who the account is, and every fact that changes its balance — its credit lots,
 * and its open debits by job id, and its budgets with their month's spend — so that one conditional UpdateItem can change a balance atomically
 * (docs/architecture.md, "Money lives in one item"). Closed debits leave it, which bounds its size.
 */
@DynamoDbBean
public class AccountItem {

    private String accountId;
    private long createdAt;
    private List<String> roles = new ArrayList<>();
    private String status;
    private String oidcSubject;
    private int freePeriod;
    private Map<String, LotItem> lots = new LinkedHashMap<>();
    private Map<String, DebitItem> debits = new LinkedHashMap<>();
    private Map<String, BudgetItem> budgets = new LinkedHashMap<>();

    /** The item that holds this account, as every write of this adapter leaves it. */
    static AccountItem of(Account account) {
        AccountItem item = new AccountItem();
        item.setAccountId(account.accountId());
        item.setCreatedAt(account.createdAt().toEpochMilli());
        item.setRoles(account.roles().stream().map(Role::name).sorted().toList());
        item.setStatus(account.status().name());
        item.setOidcSubject(account.oidcSubject().orElse(null));
        item.setFreePeriod(account.freePeriod());
        account.lots().forEach(lot -> item.getLots().put(lot.lotId(), LotItem.of(lot)));
        account.openDebits().forEach((jobId, debit) -> item.getDebits().put(jobId, DebitItem.of(debit)));
        account.budgets().forEach((scope, budget) -> item.getBudgets().put(scope.key(), BudgetItem.of(budget)));
        return item;
    }

    @DynamoDbPartitionKey
    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = "byOidcSubject")
    public String getOidcSubject() {
        return oidcSubject;
    }

    public void setOidcSubject(String oidcSubject) {
        this.oidcSubject = oidcSubject;
    }

    /** The free-credit period whose lot has been granted; a debit is valid only for the period it read. */
    public int getFreePeriod() {
        return freePeriod;
    }

    public void setFreePeriod(int freePeriod) {
        this.freePeriod = freePeriod;
    }

    public Map<String, LotItem> getLots() {
        return lots;
    }

    public void setLots(Map<String, LotItem> lots) {
        this.lots = lots;
    }

    public Map<String, DebitItem> getDebits() {
        return debits;
    }

    public void setDebits(Map<String, DebitItem> debits) {
        this.debits = debits;
    }

    /** The account's budgets by scope key ({@code account}, {@code key:…}, {@code user:…}); absent on items made before budgets. */
    public Map<String, BudgetItem> getBudgets() {
        return budgets;
    }

    public void setBudgets(Map<String, BudgetItem> budgets) {
        this.budgets = budgets == null ? new LinkedHashMap<>() : budgets;
    }

}
