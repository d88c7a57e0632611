package com.atelier.accounts;

import com.atelier.credits.LedgerEntry;
import com.atelier.paging.PageCursor;
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

/** The owner of the ledger table: append-only history, written with deterministic keys. */
public final class LedgerStore {

    private static final TableSchema<LedgerEntryItem> SCHEMA = TableSchema.fromBean(LedgerEntryItem.class);
    private static final Set<String> CURSOR_ATTRIBUTES = Set.of("accountId", "entryId", "timeKey");

    private final DynamoDbTable<LedgerEntryItem> table;
    private final DynamoDbIndex<LedgerEntryItem> byTime;

    public LedgerStore(DynamoDbEnhancedClient client, String tableName) {
        this.table = client.table(tableName, SCHEMA);
        this.byTime = table.index("byTime");
    }

    /** Writing the same fact again overwrites it: the key names the fact, not the moment of writing. */
    public void record(LedgerEntry entry) {
        table.putItem(LedgerEntryItem.of(entry));
    }

    public boolean contains(String accountId, String entryId) {
        return table.getItem(request -> request.key(Key.builder().partitionValue(accountId).sortValue(entryId).build())
                .consistentRead(true)) != null;
    }

    /** One page of the account's history, newest first; the cursor is opaque to callers. */
    public LedgerPage page(String accountId, int limit, Optional<String> cursor) {
        QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder()
                .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(accountId).build()))
                .scanIndexForward(false)
                .limit(limit);
        cursor.map(value -> PageCursor.decode(value, CURSOR_ATTRIBUTES, accountId)).ifPresent(request::exclusiveStartKey);
        Page<LedgerEntryItem> page = byTime.query(request.build()).iterator().next();
        Map<String, AttributeValue> last = page.lastEvaluatedKey();
        return new LedgerPage(page.items().stream().map(LedgerEntryItem::toEntry).toList(),
                last == null || last.isEmpty() ? Optional.empty() : Optional.of(PageCursor.encode(last)));
    }

    /** Every entry of the account, for the audit that rebuilds balances. */
    public List<LedgerEntry> all(String accountId) {
        return table.query(QueryConditional.keyEqualTo(Key.builder().partitionValue(accountId).build()))
                .items().stream().map(LedgerEntryItem::toEntry).toList();
    }

    public record LedgerPage(List<LedgerEntry> entries, Optional<String> nextCursor) {
    }
}
