package com.atelier.aws.credits;

import com.atelier.aws.SnapStartPrimed;
import com.atelier.accounts.Account;
import com.atelier.accounts.AccountStatus;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.OpenDebit;
import com.atelier.accounts.Role;
import com.atelier.aws.capacity.ItemSize;
import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetCharge;
import com.atelier.budgets.BudgetScope;
import com.atelier.budgets.Enforcement;
import com.atelier.credits.LowBalanceAlert;
import com.atelier.credits.CreditLot;
import com.atelier.credits.Draw;
import com.atelier.credits.FreeCreditSchedule;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The accounts table: one item per account holding its lots and open debits, so that every change of
 * a balance is ONE conditional UpdateItem on it. The conditions live beside each write and keep the
 * invariants {@link CreditAccounts} names; a failed one answers {@code false}.
 */
public final class DynamoDbCreditAccounts implements CreditAccounts, SnapStartPrimed {

    /** The account's {@code credits.low} threshold; the bean leaves it alone, as it is no part of the balance. */
    private static final String LOW_BALANCE_THRESHOLD = "lowBalanceThreshold";
    private static final TableSchema<AccountItem> SCHEMA = TableSchema.fromBean(AccountItem.class);
    private static final TableSchema<BudgetItem> BUDGET_SCHEMA = TableSchema.fromBean(BudgetItem.class);

    private final DynamoDbClient dynamoDb;
    private final DynamoDbTable<AccountItem> table;
    private final String tableName;

    public DynamoDbCreditAccounts(DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, String tableName) {
        this.dynamoDb = dynamoDb;
        this.table = enhanced.table(tableName, SCHEMA);
        this.tableName = tableName;
    }

    /** Creates the account with its first month's free credits; false when the id is taken. */
    @Override
    public boolean create(String accountId, Set<Role> roles, Optional<String> oidcSubject, Instant now) {
        AccountItem item = new AccountItem();
        item.setAccountId(accountId);
        item.setCreatedAt(now.toEpochMilli());
        item.setRoles(roles.stream().map(Role::name).sorted().toList());
        item.setStatus(AccountStatus.ACTIVE.name());
        item.setOidcSubject(oidcSubject.orElse(null));
        FreeCreditSchedule.Period first = FreeCreditSchedule.period(Instant.ofEpochMilli(item.getCreatedAt()), 0);
        item.setFreePeriod(first.index());
        item.getLots().put(first.lotId(), LotItem.of(first.lot()));
        try {
            table.putItem(request -> request.item(item).conditionExpression(Expression.builder()
                    .expression("attribute_not_exists(accountId)").build()));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public Optional<Account> find(String accountId) {
        return Optional.ofNullable(table.getItem(request -> request
                .key(Key.builder().partitionValue(accountId).build()).consistentRead(true))).map(DynamoDbCreditAccounts::toAccount);
    }

    @Override
    public Optional<Account> findByOidcSubject(String subject) {
        return table.index("byOidcSubject")
                .query(QueryConditional.keyEqualTo(Key.builder().partitionValue(subject).build()))
                .stream().flatMap(page -> page.items().stream()).findFirst()
                .flatMap(item -> find(item.getAccountId()));
    }

    /**
     * Starts a new free-credit period: adds its lot and removes the expired free lots (no rollover).
     * Only if the period is still the one read, so two readers cannot both grant it.
     */
    @Override
    public boolean startFreePeriod(String accountId, int periodRead, FreeCreditSchedule.Period period,
                                   Collection<CreditLot> expiredFreeLots) {
        Update update = new Update();
        String lot = update.name(period.lotId());
        update.set("freePeriod = " + update.value(AttributeValue.fromN(Integer.toString(period.index()))));
        update.set("lots." + lot + " = " + update.value(lotValue(period.lot())));
        for (CreditLot expired : expiredFreeLots) {
            update.remove("lots." + update.name(expired.lotId()));
        }
        update.condition("freePeriod = " + update.value(AttributeValue.fromN(Integer.toString(periodRead))));
        return update.apply(accountId);
    }

    /**
     * Takes the draws for a job and counts them in its budgets. Keeps: no lot goes below zero or is
     * spent after it expires, a job has at most one open debit, the free period is the one the draws
     * were chosen in, and the account is active; each charged budget has the limit and enforcement
     * read and, when hard, this month's spend at most its limit less these credits before the write
     * (DynamoDB serializes writes to the item, so concurrent debits can never together pass it); each
     * scope without a budget still has none.
     */
    @Override
    public boolean debit(String accountId, String jobId, List<Draw> draws, int periodRead, Instant now,
                         List<BudgetCharge> budgetCharges, List<BudgetScope> unbudgeted) {
        Update update = new Update();
        String job = update.name(jobId);
        AttributeValue nowValue = AttributeValue.fromN(Long.toString(now.toEpochMilli()));
        String at = update.value(nowValue);
        for (Draw draw : draws) {
            String lot = "lots." + update.name(draw.lotId());
            String amount = update.value(AttributeValue.fromN(Integer.toString(draw.amount())));
            update.set(lot + ".remaining = " + lot + ".remaining - " + amount);
            update.condition(lot + ".remaining >= " + amount);
            update.condition(lot + ".expiresAt > " + at);
        }
        for (BudgetCharge charge : budgetCharges) {
            String budget = "budgets." + update.name(charge.scope().key());
            String spent = budget + "." + update.name("spent") + "." + update.name(charge.month());
            update.set(spent + " = if_not_exists(" + spent + ", " + update.value(number(0)) + ") + "
                    + update.value(number(charge.credits())));
            charge.pastMonthsRead().forEach(past -> update.remove(budget + "." + update.name("spent") + "." + update.name(past)));
            update.condition(budget + "." + update.name("creditLimit") + " = " + update.value(number(charge.limitRead())));
            update.condition(budget + "." + update.name("enforcement") + " = "
                    + update.value(AttributeValue.fromS(charge.enforcementRead().name())));
            if (charge.enforcementRead() == Enforcement.HARD) {
                update.condition("(attribute_not_exists(" + spent + ") OR " + spent + " <= "
                        + update.value(number(charge.maxSpentBefore())) + ")");
            }
        }
        for (BudgetScope scope : unbudgeted) {
            update.condition("attribute_not_exists(budgets." + update.name(scope.key()) + ")");
        }
        List<BudgetScope> budgeted = budgetCharges.stream().map(BudgetCharge::scope).toList();
        update.set("debits." + job + " = " + update.value(debitValue(DebitItem.of(draws, now, budgeted))));
        update.condition("attribute_not_exists(debits." + job + ")");
        update.condition("freePeriod = " + update.value(AttributeValue.fromN(Integer.toString(periodRead))));
        update.condition("#status = " + update.value(AttributeValue.fromS(AccountStatus.ACTIVE.name())));
        update.names.put("#status", "status");
        if (!budgetCharges.isEmpty()) {
        }
        return update.apply(accountId);
    }

    /**
     * Gives a job's credits back and marks its debit refunded, only if it is open and not refunded
     * yet, so a second refund finds nothing to do. Restored lots must still be unexpired.
     */
    @Override
    public boolean refund(String accountId, String jobId, List<CreditAccounts.Restore> restores, Instant now,
                          List<BudgetCharge> givenBack) {
        Update update = new Update();
        String job = update.name(jobId);
        String at = update.value(AttributeValue.fromN(Long.toString(now.toEpochMilli())));
        Map<String, AttributeValue> restoredTo = new LinkedHashMap<>();
        for (CreditAccounts.Restore restore : restores) {
            restoredTo.put(restore.drawnLotId(), AttributeValue.fromS(restore.targetLotId()));
            if (restore instanceof CreditAccounts.Restore.IntoLot into) {
                String lot = "lots." + update.name(into.lotId());
                update.set(lot + ".remaining = " + lot + ".remaining + "
                        + update.value(AttributeValue.fromN(Integer.toString(into.amount()))));
                update.condition(lot + ".expiresAt > " + at);
            } else if (restore instanceof CreditAccounts.Restore.AsNewLot asNew) {
                String lot = update.name(asNew.lot().lotId());
                update.set("lots." + lot + " = " + update.value(lotValue(asNew.lot())));
                update.condition("attribute_not_exists(lots." + lot + ")");
            }
        }
        update.set("debits." + job + ".refundedAt = " + at);
        update.set("debits." + job + ".restoredTo = " + update.value(AttributeValue.fromM(restoredTo)));
        update.condition("attribute_exists(debits." + job + ")");
        update.condition("attribute_not_exists(debits." + job + ".refundedAt)");
        for (BudgetCharge charge : givenBack) {
            String spent = "budgets." + update.name(charge.scope().key()) + "." + update.name("spent") + "."
                    + update.name(charge.month());
            update.set(spent + " = " + spent + " - " + update.value(number(charge.credits())));
            update.condition("attribute_exists(" + spent + ")");
        }
        if (!givenBack.isEmpty()) {
        }
        return update.apply(accountId);
    }

    /**
     * Creates a budget only while the scope has none and the account fewer than {@code maxBudgets}
     * (the item's size budget); or changes an existing one's settings, leaving its spend as it is.
     */
    @Override
    public boolean putBudget(String accountId, Budget budget, boolean replacing, int maxBudgets) {
        Update update = new Update();
        String path = "budgets." + update.name(budget.scope().key());
        BudgetItem item = BudgetItem.of(budget);
        if (replacing) {
            update.set(path + "." + update.name("creditLimit") + " = " + update.value(number(item.getCreditLimit())));
            update.set(path + "." + update.name("enforcement") + " = " + update.value(AttributeValue.fromS(item.getEnforcement())));
            update.set(path + "." + update.name("thresholds") + " = " + update.value(AttributeValue.fromL(
                    item.getThresholds().stream().map(DynamoDbCreditAccounts::number).toList())));
            update.condition("attribute_exists(" + path + ")");
        } else {
            item.setSpent(new LinkedHashMap<>());
            update.set(path + " = " + update.value(AttributeValue.fromM(BUDGET_SCHEMA.itemToMap(item, true))));
            update.condition("attribute_exists(accountId)");
            update.condition("attribute_not_exists(" + path + ")");
            update.condition("(attribute_not_exists(budgets) OR size(budgets) < " + update.value(number(maxBudgets)) + ")");
        }
        try {
            return update.apply(accountId);
        } catch (DynamoDbException invalidPath) {
            // An item made before budgets has no map to set a budget in: it gets one, and the caller tries again.
            if (replacing || !addBudgetsMap(accountId)) {
                throw invalidPath;
            }
            return false;
        }
    }

    private boolean addBudgetsMap(String accountId) {
        Update update = new Update();
        update.set("budgets = " + update.value(AttributeValue.fromM(Map.of())));
        update.condition("attribute_exists(accountId)");
        update.condition("attribute_not_exists(budgets)");
        return update.apply(accountId);
    }

    @Override
    public boolean removeBudget(String accountId, BudgetScope scope) {
        Update update = new Update();
        String path = "budgets." + update.name(scope.key());
        update.remove(path);
        update.condition("attribute_exists(" + path + ")");
        return update.apply(accountId);
    }

    @Override
    public boolean closeDebit(String accountId, String jobId, boolean refunded) {
        Update update = new Update();
        String job = update.name(jobId);
        update.remove("debits." + job);
        update.condition((refunded ? "attribute_exists" : "attribute_not_exists") + "(debits." + job + ".refundedAt)");
        update.condition("attribute_exists(debits." + job + ")");
        return update.apply(accountId);
    }

    /** Adds a purchased or granted lot; false when the account is missing or the lot exists (a replay). */
    @Override
    public boolean addLot(String accountId, CreditLot lot) {
        Update update = new Update();
        String name = update.name(lot.lotId());
        update.set("lots." + name + " = " + update.value(lotValue(lot)));
        update.condition("attribute_exists(accountId)");
        update.condition("attribute_not_exists(lots." + name + ")");
        return update.apply(accountId);
    }

    /** Removes an expired lot whose remaining credits the ledger records as expired; they can no longer change. */
    @Override
    public boolean removeExpiredLot(String accountId, CreditLot lot, Instant now) {
        Update update = new Update();
        String name = "lots." + update.name(lot.lotId());
        update.remove(name);
        update.condition(name + ".expiresAt <= " + update.value(AttributeValue.fromN(Long.toString(now.toEpochMilli()))));
        update.condition(name + ".remaining = " + update.value(AttributeValue.fromN(Integer.toString(lot.remaining()))));
        return update.apply(accountId);
    }

    @Override
    public boolean setStatus(String accountId, AccountStatus status) {
        Update update = new Update();
        update.names.put("#status", "status");
        update.set("#status = " + update.value(AttributeValue.fromS(status.name())));
        update.condition("attribute_exists(accountId)");
        return update.apply(accountId);
    }

    @Override
    public boolean setLowBalanceAlert(String accountId, Optional<LowBalanceAlert> alert) {
        Update update = new Update();
        // A number on the item, so each stream record of the account carries it beside the lots.
        alert.ifPresentOrElse(set -> update.set(LOW_BALANCE_THRESHOLD + " = "
                        + update.value(AttributeValue.fromN(Integer.toString(set.thresholdCredits())))),
                () -> update.remove(LOW_BALANCE_THRESHOLD));
        update.condition("attribute_exists(accountId)");
        return update.apply(accountId);
    }

    @Override
    public Optional<LowBalanceAlert> lowBalanceAlert(String accountId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(tableName)
                .key(Map.of("accountId", AttributeValue.fromS(accountId))).projectionExpression(LOW_BALANCE_THRESHOLD)
                .consistentRead(true)).item();
        return Optional.ofNullable(item.get(LOW_BALANCE_THRESHOLD))
                .map(threshold -> new LowBalanceAlert(Integer.parseInt(threshold.n())));
    }

    /**
     * The account's item as this adapter stores it, in bytes by DynamoDB's rules: what each balance
     * change is billed on, each consistent read of it too, and what the 400 KB item limit applies to.
     */
    public static int storedSizeBytes(Account account) {
        // Lots and debits as the writes below store them (nested nulls left out), not as a whole-bean mapping would.
        Map<String, AttributeValue> item = new LinkedHashMap<>(SCHEMA.itemToMap(AccountItem.of(account), true));
        Map<String, AttributeValue> lots = new LinkedHashMap<>();
        account.lots().forEach(lot -> lots.put(lot.lotId(), lotValue(lot)));
        Map<String, AttributeValue> debits = new LinkedHashMap<>();
        account.openDebits().forEach((jobId, debit) -> debits.put(jobId, debitValue(DebitItem.of(debit))));
        item.put("lots", AttributeValue.fromM(lots));
        item.put("debits", AttributeValue.fromM(debits));
        Map<String, AttributeValue> budgets = new LinkedHashMap<>();
        account.budgets().forEach((scope, budget) -> budgets.put(scope.key(),
                AttributeValue.fromM(BUDGET_SCHEMA.itemToMap(BudgetItem.of(budget), true))));
        item.put("budgets", AttributeValue.fromM(budgets));
        return ItemSize.bytes(item);
    }

    private static Account toAccount(AccountItem item) {
        List<CreditLot> lots = new ArrayList<>();
        item.getLots().forEach((lotId, lot) -> lots.add(lot.toLot(lotId)));
        Map<BudgetScope, Budget> budgets = new LinkedHashMap<>();
        Map<String, BudgetScope> budgetsByTag = new LinkedHashMap<>();
        item.getBudgets().forEach((scopeKey, budget) -> {
            budgets.put(BudgetScope.ofKey(scopeKey), budget.toBudget(scopeKey));
            budgetsByTag.put(BudgetItem.tag(BudgetScope.ofKey(scopeKey)), BudgetScope.ofKey(scopeKey));
        });
        Map<String, OpenDebit> debits = new LinkedHashMap<>();
        item.getDebits().forEach((jobId, debit) -> debits.put(jobId, debit.toOpenDebit(budgetsByTag)));
        return new Account(item.getAccountId(), Instant.ofEpochMilli(item.getCreatedAt()),
                item.getRoles().stream().map(Role::valueOf).collect(Collectors.toUnmodifiableSet()),
                AccountStatus.valueOf(item.getStatus()), Optional.ofNullable(item.getOidcSubject()),
                item.getFreePeriod(), lots, debits, budgets);
    }

    private static AttributeValue lotValue(CreditLot lot) {
        return AttributeValue.fromM(TableSchema.fromBean(LotItem.class).itemToMap(LotItem.of(lot), true));
    }

    private static AttributeValue number(int value) {
        return AttributeValue.fromN(Integer.toString(value));
    }

    private static AttributeValue debitValue(DebitItem debit) {
        return AttributeValue.fromM(TableSchema.fromBean(DebitItem.class).itemToMap(debit, true));
    }

    /** Collects one UpdateItem's clauses, placeholder names and values. */
    private final class Update {
        private final List<String> sets = new ArrayList<>();
        private final List<String> removes = new ArrayList<>();
        private final List<String> conditions = new ArrayList<>();
        private final Map<String, String> names = new LinkedHashMap<>();
        private final Map<String, AttributeValue> values = new LinkedHashMap<>();

        String name(String attribute) {
            String placeholder = "#n" + names.size();
            names.put(placeholder, attribute);
            return placeholder;
        }

        String value(AttributeValue value) {
            String placeholder = ":v" + values.size();
            values.put(placeholder, value);
            return placeholder;
        }

        void set(String clause) {
            sets.add(clause);
        }

        void remove(String path) {
            removes.add(path);
        }

        void condition(String clause) {
            conditions.add(clause);
        }

        boolean apply(String accountId) {
            StringBuilder expression = new StringBuilder();
            if (!sets.isEmpty()) {
                expression.append("SET ").append(String.join(", ", sets));
            }
            if (!removes.isEmpty()) {
                expression.append(expression.isEmpty() ? "" : " ").append("REMOVE ").append(String.join(", ", removes));
            }
            try {
                dynamoDb.updateItem(request -> request
                        .tableName(tableName)
                        .key(Map.of("accountId", AttributeValue.fromS(accountId)))
                        .updateExpression(expression.toString())
                        .conditionExpression(String.join(" AND ", conditions))
                        .expressionAttributeNames(names.isEmpty() ? null : names)
                        .expressionAttributeValues(values.isEmpty() ? null : values)
                        // The item as left, which costs no read capacity: the local stand-in of the
                        // table's stream (JobChangeFeed) builds its records, credits.low among them, from it.
                        .returnValues(ReturnValue.ALL_NEW));
                return true;
            } catch (ConditionalCheckFailedException changedSinceRead) {
                return false;
            }
        }
    }

    @Override
    public void prime() {
        find(PRIMING_KEY);
    }
}
