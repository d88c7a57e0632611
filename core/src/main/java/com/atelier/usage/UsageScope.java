package com.atelier.usage;

import java.util.Objects;

/**
 * Whose usage a counter holds: one account's, or the whole organisation's (every account, for the
 * admin routes). Each finished job counts in both.
 */
public sealed interface UsageScope {

    /** A stable name, part of the counters' keys. */
    String key();

    record Organisation() implements UsageScope {
        @Override
        public String key() {
            return "org";
        }
    }

    record OfAccount(String accountId) implements UsageScope {
        public OfAccount {
            Objects.requireNonNull(accountId, "accountId");
        }

        @Override
        public String key() {
            return "acct#" + accountId;
        }
    }

    static UsageScope organisation() {
        return new Organisation();
    }

    static UsageScope account(String accountId) {
        return new OfAccount(accountId);
    }
}
