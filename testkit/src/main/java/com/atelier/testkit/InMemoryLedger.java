package com.atelier.testkit;

import com.atelier.accounts.Ledger;
import com.atelier.credits.LedgerEntry;
import com.atelier.paging.PageCursor;

import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger table as a map per account, keyed by entry id: writing the same fact again replaces it,
 * as the table's put does. Pages run newest first by the table's time key (occurredAt in
 * milliseconds, then the entry id).
 */
public final class InMemoryLedger implements Ledger {

    private static final Set<String> CURSOR_ATTRIBUTES = Set.of("accountId", "entryId", "timeKey");
    private static final Comparator<String> NEWEST_FIRST = Comparator.<String>naturalOrder().reversed();

    private final Map<String, Map<String, LedgerEntry>> entries = new ConcurrentHashMap<>();

    @Override
    public void record(LedgerEntry entry) {
        LedgerEntry kept = new LedgerEntry(entry.accountId(), entry.type(), entry.reference(),
                entry.occurredAt().truncatedTo(ChronoUnit.MILLIS), entry.lotChanges(), entry.attribution());
        entries.computeIfAbsent(entry.accountId(), account -> new ConcurrentHashMap<>()).put(kept.entryId(), kept);
    }

    @Override
    public boolean contains(String accountId, String entryId) {
        return entries.getOrDefault(accountId, Map.of()).containsKey(entryId);
    }

    @Override
    public LedgerPage page(String accountId, int limit, Optional<String> cursor) {
        Optional<String> after = cursor.map(value -> PageCursor.decode(value, CURSOR_ATTRIBUTES, accountId).get("timeKey"));
        List<LedgerEntry> remaining = entries.getOrDefault(accountId, Map.of()).values().stream()
                .filter(entry -> after.isEmpty() || NEWEST_FIRST.compare(timeKey(entry), after.get()) > 0)
                .sorted(Comparator.comparing(InMemoryLedger::timeKey, NEWEST_FIRST)).toList();
        List<LedgerEntry> page = remaining.stream().limit(limit).toList();
        Optional<String> next = remaining.size() > limit
                ? Optional.of(PageCursor.encode(Map.of("accountId", accountId, "entryId", page.get(page.size() - 1).entryId(),
                        "timeKey", timeKey(page.get(page.size() - 1)))))
                : Optional.empty();
        return new LedgerPage(page, next);
    }

    /** In entry id order, as a query of the table's key gives them. */
    @Override
    public List<LedgerEntry> all(String accountId) {
        return entries.getOrDefault(accountId, Map.of()).values().stream()
                .sorted(Comparator.comparing(LedgerEntry::entryId)).toList();
    }

    /** The table's byTime sort key: fixed-width epoch milliseconds, then the entry id. */
    private static String timeKey(LedgerEntry entry) {
        return String.format("%015d#%s", entry.occurredAt().toEpochMilli(), entry.entryId());
    }
}
