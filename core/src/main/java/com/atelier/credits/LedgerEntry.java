package com.atelier.credits;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One change of an account's balance, naming every lot it touched and by how much (signed).
 *
 * @param reference what the entry is about: the job id, payment id, grant id, lot id or period
 */
public record LedgerEntry(String accountId, LedgerEntryType type, String reference, Instant occurredAt,
                          Map<String, Integer> lotChanges) {

    public LedgerEntry {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(occurredAt, "occurredAt");
        lotChanges = Map.copyOf(lotChanges);
    }

    /** Deterministic, so that writing the same fact twice leaves one entry. */
    public String entryId() {
        return type.name().toLowerCase() + "#" + reference;
    }

    public int credits() {
        return lotChanges.values().stream().mapToInt(Integer::intValue).sum();
    }
}
