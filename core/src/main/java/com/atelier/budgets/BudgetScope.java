package com.atelier.budgets;

import java.util.Objects;

/**
 * What a budget caps: the whole account, one of its API keys, or one of its end users (the Images
 * API's {@code user} field). Its {@link #key()} names it on the account item and in events.
 */
public record BudgetScope(Kind kind, String id) {

    public enum Kind {
        ACCOUNT("account"), API_KEY("api_key"), END_USER("user");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private static final String ACCOUNT_KEY = "account";

    public BudgetScope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (kind != Kind.ACCOUNT && id.isEmpty()) {
            throw new IllegalArgumentException("a key or end-user budget names its key or end user");
        }
    }

    public static BudgetScope account() {
        return new BudgetScope(Kind.ACCOUNT, "");
    }

    public static BudgetScope apiKey(String keyId) {
        return new BudgetScope(Kind.API_KEY, keyId);
    }

    public static BudgetScope endUser(String user) {
        return new BudgetScope(Kind.END_USER, user);
    }

    /** {@code account}, {@code key:<key id>} or {@code user:<end user>}: unique within an account. */
    public String key() {
        return switch (kind) {
            case ACCOUNT -> ACCOUNT_KEY;
            case API_KEY -> "key:" + id;
            case END_USER -> "user:" + id;
        };
    }

    public static BudgetScope ofKey(String key) {
        if (key.equals(ACCOUNT_KEY)) {
            return account();
        }
        if (key.startsWith("key:")) {
            return apiKey(key.substring(4));
        }
        if (key.startsWith("user:")) {
            return endUser(key.substring(5));
        }
        throw new IllegalArgumentException("not a budget scope: " + key);
    }

    /** How people read it in messages: "the account", "API key key_1", "end user alice". */
    public String describe() {
        return switch (kind) {
            case ACCOUNT -> "the account";
            case API_KEY -> "API key " + id;
            case END_USER -> "end user " + id;
        };
    }
}
