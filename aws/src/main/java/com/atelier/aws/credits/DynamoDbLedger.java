package com.atelier.aws.credits;

import com.atelier.aws.SnapStartPrimed;
import com.atelier.accounts.Ledger;
import com.atelier.aws.paging.DynamoDbCursors;

import com.atelier.credits.LedgerEntry;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The ledger table: one item per entry under its account, keyed by the fact; the byTime index orders them. */
public final class DynamoDbLedger implements Ledger, SnapStartPrimed {

    private static final TableSchema<LedgerEntryItem> SCHEMA = TableSchema.fromBean(LedgerEntryItem.class);
    private static final Set<String> CURSOR_ATTRIBUTES = Set.of("accountId", "entryId", "timeKey");

    private final DynamoDbTable<LedgerEntryItem> table;
    private final DynamoDbIndex<LedgerEntryItem> byTime;

    public DynamoDbLedger(DynamoDbEnhancedClient client, String tableName) {
        this.table = client.table(tableName, SCHEMA);
        this.byTime = table.index("byTime");
    }

    /** Writing the same fact again overwrites it: the key names the fact, not the moment of writing. */
    @Override
    public void record(LedgerEntry entry) {
        table.putItem(LedgerEntryItem.of(entry));
    }

    @Override
    public boolean contains(String accountId, String entryId) {
        return table.getItem(request -> request.key(Key.builder().partitionValue(accountId).sortValue(entryId).build())
                .consistentRead(true)) != null;
    }

    /** One page of the account's history, newest first; the cursor is opaque to callers. */
    @Override
    public LedgerPage page(String accountId, int limit, Optional<String> cursor) {
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(accountId).build()))
                .scanIndexForward(false)
                .limit(limit);
        cursor.map(value -> DynamoDbCursors.decode(value, CURSOR_ATTRIBUTES, accountId)).ifPresent(request::exclusiveStartKey);
        Page<LedgerEntryItem> page = byTime.query(request.build()).iterator().next();
        return new LedgerPage(page.items().stream().map(LedgerEntryItem::toEntry).toList(),
                DynamoDbCursors.encode(page.lastEvaluatedKey()));
    }

    /** Every entry of the account, for the audit that rebuilds balances. */
    @Override
    public List<LedgerEntry> all(String accountId) {
        return table.query(QueryConditional.keyEqualTo(Key.builder().partitionValue(accountId).build()))
                .items().stream().map(LedgerEntryItem::toEntry).toList();
    }

    @Override
    public void prime() {
        contains(PRIMING_KEY, PRIMING_KEY);
    }
}
