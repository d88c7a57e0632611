package com.atelier.budgets;

import java.util.Locale;

/** A hard budget refuses what would pass its limit; a soft one only alerts. */
public enum Enforcement {
    HARD, SOFT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
