package com.atelier.aws.credits;

import com.atelier.credits.CreditKind;
import com.atelier.credits.Draw;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.atelier.accounts.OpenDebit;

/**
 * An open debit in the account item's {@code debits} map, under its job id: the credits taken, from
 * which lots, and whether it has been closed by a refund (still here until the ledger has the refund).
 */
@DynamoDbBean
public class DebitItem {

    private int credits;
    private long takenAt;
    private Map<String, LotItem> draws = new LinkedHashMap<>();
    private Long refundedAt;
    private Map<String, String> restoredTo = new LinkedHashMap<>();

    public static DebitItem of(List<Draw> draws, Instant takenAt) {
        DebitItem item = new DebitItem();
        item.setTakenAt(takenAt.toEpochMilli());
        for (Draw draw : draws) {
            LotItem lot = new LotItem();
            lot.setKind(draw.kind().name());
            lot.setAmount(draw.amount());
            lot.setRemaining(draw.amount());
            lot.setGrantedAt(takenAt.toEpochMilli());
            lot.setExpiresAt(draw.expiresAt().toEpochMilli());
            item.getDraws().put(draw.lotId(), lot);
            item.setCredits(item.getCredits() + draw.amount());
        }
        return item;
    }

    public static DebitItem of(OpenDebit debit) {
        DebitItem item = of(debit.draws(), debit.takenAt());
        item.setRefundedAt(debit.refundedAt().map(Instant::toEpochMilli).orElse(null));
        item.setRestoredTo(new LinkedHashMap<>(debit.restoredTo()));
        return item;
    }

    public OpenDebit toOpenDebit() {
        return new OpenDebit(toDraws(), Instant.ofEpochMilli(takenAt),
                Optional.ofNullable(refundedAt).map(Instant::ofEpochMilli), restoredTo);
    }

    public List<Draw> toDraws() {
        List<Draw> result = new ArrayList<>();
        draws.forEach((lotId, lot) -> result.add(new Draw(lotId, CreditKind.valueOf(lot.getKind()),
                Instant.ofEpochMilli(lot.getExpiresAt()), lot.getAmount())));
        return result;
    }

    public int getCredits() {
        return credits;
    }

    public void setCredits(int credits) {
        this.credits = credits;
    }

    public long getTakenAt() {
        return takenAt;
    }

    public void setTakenAt(long takenAt) {
        this.takenAt = takenAt;
    }

    public Map<String, LotItem> getDraws() {
        return draws;
    }

    public void setDraws(Map<String, LotItem> draws) {
        this.draws = draws;
    }

    /** Set by the refund: for each drawn lot, the lot its credits went back to (itself, or a replacement). */
    public Map<String, String> getRestoredTo() {
        return restoredTo;
    }

    public void setRestoredTo(Map<String, String> restoredTo) {
        this.restoredTo = restoredTo;
    }

    public Long getRefundedAt() {
        return refundedAt;
    }

    public void setRefundedAt(Long refundedAt) {
        this.refundedAt = refundedAt;
    }
}
