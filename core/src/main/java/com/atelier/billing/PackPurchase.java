package com.atelier.billing;

import java.time.Period;

/**
 * A paid purchase of credit packs, as reported by the payment provider.
 *
 * @param paymentId provider payment identifier (idempotency key for crediting)
 * @param accountId Atelier account to credit
 * @param packs number of packs bought, 1..{@value #MAX_PACKS}
 */
public record PackPurchase(String paymentId, String accountId, int packs) {

    public static final int CREDITS_PER_PACK = 115;
    public static final int PRICE_CENTS_PER_PACK = 1500;
    public static final Period VALIDITY = Period.ofMonths(12);
    public static final int MIN_PACKS = 1;
    public static final int MAX_PACKS = 100;

    public PackPurchase {
        if (paymentId == null || paymentId.isBlank()) {
            throw new IllegalArgumentException("paymentId must not be blank");
        }
        if (accountId == null || accountId.isBlank()) {
            throw new IllegalArgumentException("accountId must not be blank");
        }
        if (packs < MIN_PACKS || packs > MAX_PACKS) {
            throw new IllegalArgumentException(
                    "packs must be between " + MIN_PACKS + " and " + MAX_PACKS + ", was " + packs);
        }
    }

    /** Credits granted by this purchase. */
    public int credits() {
        return packs * CREDITS_PER_PACK;
    }

}
