package com.atelier.aws.credits;

import com.atelier.credits.CreditKind;
import com.atelier.credits.Draw;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;

/**
 * Credits a debit took from one lot, under the lot's id in the debit's {@code draws}: only what a
 * refund needs (the lot may be gone by then). Every account read and write is billed on the item's
 * size, and each open debit carries its draws, so nothing here is derivable from elsewhere.
 */
@DynamoDbBean
public class DrawItem {

    private String kind;
    private int amount;
    private long expiresAt;

    public static DrawItem of(Draw draw) {
        DrawItem item = new DrawItem();
        item.setKind(draw.kind().name());
        item.setAmount(draw.amount());
        item.setExpiresAt(draw.expiresAt().toEpochMilli());
        return item;
    }

    public Draw toDraw(String lotId) {
        return new Draw(lotId, CreditKind.valueOf(kind), Instant.ofEpochMilli(expiresAt), amount);
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

    public long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
