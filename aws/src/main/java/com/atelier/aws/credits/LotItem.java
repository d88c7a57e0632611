package com.atelier.aws.credits;

import com.atelier.credits.CreditKind;
import com.atelier.credits.CreditLot;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;

import java.time.Instant;

/** A credit lot as stored inside the account item's {@code lots} map; times are epoch milliseconds so conditions can compare them. */
@DynamoDbBean
public class LotItem {

    private String kind;
    private int amount;
    private int remaining;
    private long grantedAt;
    private long expiresAt;

    public static LotItem of(CreditLot lot) {
        LotItem item = new LotItem();
        item.setKind(lot.kind().name());
        item.setAmount(lot.amount());
        item.setRemaining(lot.remaining());
        item.setGrantedAt(lot.grantedAt().toEpochMilli());
        item.setExpiresAt(lot.expiresAt().toEpochMilli());
        return item;
    }

    public CreditLot toLot(String lotId) {
        return new CreditLot(lotId, CreditKind.valueOf(kind), amount, remaining,
                Instant.ofEpochMilli(grantedAt), Instant.ofEpochMilli(expiresAt));
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public int getAmount() {
        return amount;
    }

    public void setAmount(int amount) {
        this.amount = amount;
    }

    public int getRemaining() {
        return remaining;
    }

    public void setRemaining(int remaining) {
        this.remaining = remaining;
    }

    public long getGrantedAt() {
        return grantedAt;
    }

    public void setGrantedAt(long grantedAt) {
        this.grantedAt = grantedAt;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
