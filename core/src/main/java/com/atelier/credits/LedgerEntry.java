package com.atelier.credits;

import com.atelier.jobs.JobAttribution;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of an account's balance, naming every lot it touched and by how much (signed).
 *
 * @param reference   what the entry is about: the job id, payment id, grant id, lot id or period
 * @param attribution for a job's debit and refund, the key, end user and model it was made for
 */
public record LedgerEntry(String accountId, LedgerEntryType type, String reference, Instant occurredAt,
                          Map<String, Integer> lotChanges, Optional<JobAttribution> attribution) {

    /** An entry that is about no job: a grant, purchase, refill or expiry. */
    public LedgerEntry(String accountId, LedgerEntryType type, String reference, Instant occurredAt,
                       Map<String, Integer> lotChanges) {
        this(accountId, type, reference, occurredAt, lotChanges, Optional.empty());
    }

    public LedgerEntry {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(occurredAt, "occurredAt");
        lotChanges = Map.copyOf(lotChanges);
        Objects.requireNonNull(attribution, "attribution");
    }

    /** The same entry, naming the key, end user and model of the job it is about. */
    public LedgerEntry attributedTo(JobAttribution jobAttribution) {
        return new LedgerEntry(accountId, type, reference, occurredAt, lotChanges, Optional.of(jobAttribution));
    }

    /** Deterministic, so that writing the same fact twice leaves one entry. */
    public String entryId() {
        return type.name().toLowerCase() + "#" + reference;
    }

    public int credits() {
        return lotChanges.values().stream().mapToInt(Integer::intValue).sum();
    }
}
