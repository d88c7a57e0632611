package com.atelier.credits;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What an account can spend now: its usable lots in spending order, totals by kind, and the next free refill. */
public record Balance(List<CreditLot> lots, Instant nextFreeRefill) {

    public Balance {
        lots = List.copyOf(lots);
    }

    public int total() {
        return lots.stream().mapToInt(CreditLot::remaining).sum();
    }

    public Map<CreditKind, Integer> byKind() {
        Map<CreditKind, Integer> totals = new EnumMap<>(CreditKind.class);
        for (CreditKind kind : CreditKind.values()) {
            totals.put(kind, 0);
        }
        lots.forEach(lot -> totals.merge(lot.kind(), lot.remaining(), Integer::sum));
        return totals;
    }
}
