package com.atelier.aws.credits;

import com.atelier.credits.LedgerEntry;
import com.atelier.credits.LedgerEntryType;
import com.atelier.jobs.JobAttribution;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A ledger entry as stored: keyed by what happened, with a time key for newest-first listing. */
@DynamoDbBean
public class LedgerEntryItem {

    private String accountId;
    private String entryId;
    private String timeKey;
    private String type;
    private String reference;
    private long occurredAt;
    private int credits;
    private Map<String, Integer> lotChanges = new LinkedHashMap<>();
    private String apiKeyId;
    private String endUser;
    private String model;

    public static LedgerEntryItem of(LedgerEntry entry) {
        LedgerEntryItem item = new LedgerEntryItem();
        item.setAccountId(entry.accountId());
        item.setEntryId(entry.entryId());
        // Fixed-width millis sort as numbers do; the entry id breaks ties deterministically.
        item.setTimeKey(String.format("%015d#%s", entry.occurredAt().toEpochMilli(), entry.entryId()));
        item.setType(entry.type().name());
        item.setReference(entry.reference());
        item.setOccurredAt(entry.occurredAt().toEpochMilli());
        item.setCredits(entry.credits());
        item.setLotChanges(new LinkedHashMap<>(entry.lotChanges()));
        entry.attribution().ifPresent(made -> {
            item.setApiKeyId(made.apiKeyId().orElse(null));
            item.setEndUser(made.endUser().orElse(null));
            item.setModel(made.model());
        });
        return item;
    }

    public LedgerEntry toEntry() {
        // The model is written with every attribution, so its absence marks an entry about no job.
        Optional<JobAttribution> attribution = Optional.ofNullable(model)
                .map(made -> new JobAttribution(Optional.ofNullable(apiKeyId), Optional.ofNullable(endUser), made));
        return new LedgerEntry(accountId, LedgerEntryType.valueOf(type), reference, Instant.ofEpochMilli(occurredAt),
                lotChanges, attribution);
    }

    @DynamoDbPartitionKey
    @DynamoDbSecondaryPartitionKey(indexNames = "byTime")
    public String getAccountId() {
        return accountId;
    }

    public void setAccountId(String accountId) {
        this.accountId = accountId;
    }

    @DynamoDbSortKey
    public String getEntryId() {
        return entryId;
    }

    public void setEntryId(String entryId) {
        this.entryId = entryId;
    }

    @DynamoDbSecondarySortKey(indexNames = "byTime")
    public String getTimeKey() {
        return timeKey;
    }

    public void setTimeKey(String timeKey) {
        this.timeKey = timeKey;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getReference() {
        return reference;
    }

    public void setReference(String reference) {
        this.reference = reference;
    }

    public long getOccurredAt() {
        return occurredAt;
    }

    public void setOccurredAt(long occurredAt) {
        this.occurredAt = occurredAt;
    }

    public int getCredits() {
        return credits;
    }

    public void setCredits(int credits) {
        this.credits = credits;
    }

    public Map<String, Integer> getLotChanges() {
        return lotChanges;
    }

    public void setLotChanges(Map<String, Integer> lotChanges) {
        this.lotChanges = lotChanges;
    }

    /** For a job's debit or refund: the API key that made the job. */
    public String getApiKeyId() {
        return apiKeyId;
    }

    public void setApiKeyId(String apiKeyId) {
        this.apiKeyId = apiKeyId;
    }

    /** For a job's debit or refund: the Images API's {@code user} field. */
    public String getEndUser() {
        return endUser;
    }

    public void setEndUser(String endUser) {
        this.endUser = endUser;
    }

    /** For a job's debit or refund: the model asked for. */
    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }
}
