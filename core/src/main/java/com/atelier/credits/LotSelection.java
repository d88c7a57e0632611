package com.atelier.credits;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Chooses the lots a debit draws from: those that expire first, so that no credit is lost to expiry that could have been spent. */
public final class LotSelection {

    /** Soonest expiry first; then free before grant before paid; then the lot id, so the choice is stable. */
    public static final Comparator<CreditLot> SPENDING_ORDER = Comparator.comparing(CreditLot::expiresAt)
            .thenComparing(CreditLot::kind)
            .thenComparing(CreditLot::lotId);

    private LotSelection() {
    }

    /** The draws covering {@code credits}, or empty when the usable lots hold fewer. */
    public static Optional<List<Draw>> choose(Collection<CreditLot> lots, int credits, Instant now) {
        if (credits < 1) {
            throw new IllegalArgumentException("a debit takes at least one credit");
        }
        List<CreditLot> usable = lots.stream().filter(lot -> lot.usableAt(now)).sorted(SPENDING_ORDER).toList();
        List<Draw> draws = new ArrayList<>();
        int missing = credits;
        for (CreditLot lot : usable) {
            if (missing == 0) {
                break;
            }
            int taken = Math.min(missing, lot.remaining());
            draws.add(new Draw(lot.lotId(), lot.kind(), lot.expiresAt(), taken));
            missing -= taken;
        }
        return missing == 0 ? Optional.of(List.copyOf(draws)) : Optional.empty();
    }

    public static int usableBalance(Collection<CreditLot> lots, Instant now) {
        return lots.stream().filter(lot -> lot.usableAt(now)).mapToInt(CreditLot::remaining).sum();
    }
}
