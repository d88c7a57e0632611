package com.atelier.credits;

/**
 * The balance under which an account wants to hear of it ({@code credits.low}). The alert fires
 * when a debit takes the balance from at or above the threshold to below it: a debit while the
 * balance is already below says nothing new, and only a balance back at or above the threshold
 * (a refund, a grant, a purchase) can cross it again.
 */
public record LowBalanceAlert(int thresholdCredits) {

    /** A threshold above any balance an account could hold is a typo, not a wish. */
    public static final int MAX_THRESHOLD_CREDITS = 1_000_000;

    public LowBalanceAlert {
        if (thresholdCredits < 1 || thresholdCredits > MAX_THRESHOLD_CREDITS) {
            throw new IllegalArgumentException("a low-balance threshold is 1 to " + MAX_THRESHOLD_CREDITS + " credits");
        }
    }

    public boolean crossedBy(int balanceBefore, int balanceAfter) {
        return balanceBefore >= thresholdCredits && balanceAfter < thresholdCredits;
    }
}
