package com.atelier.credits;

/** Where credits came from. The order is the one spending prefers among lots expiring at the same moment. */
public enum CreditKind {
    FREE,
    GRANT,
    PAID
}
