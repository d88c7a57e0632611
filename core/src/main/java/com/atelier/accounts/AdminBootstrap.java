package com.atelier.accounts;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The first admin of a deployment: opens the account with the admin role (or finds it) and issues an
 * API key, whose secret exists only in the answer. A deployment has no admin until an operator runs
 * this with their own AWS credentials ({@code ./atelier bootstrap-admin}); every other account and
 * key can then be made through the API.
 */
public final class AdminBootstrap {

    /** The account exists but is not an admin: making it one is a decision for a person, not a tool. */
    public static final class NotAnAdminException extends RuntimeException {
        public NotAnAdminException(String accountId) {
            super("account " + accountId + " exists and is not an admin");
        }
    }

    /** The admin exists already and no new key was asked for. */
    public static final class AlreadyBootstrappedException extends RuntimeException {
        public AlreadyBootstrappedException(String accountId) {
            super("admin " + accountId + " exists already; ask for a new key to issue one");
        }
    }

    public record Issued(String accountId, boolean opened, ApiKeyStore.CreatedKey key) {
    }

    private final CreditService credits;
    private final CreditAccounts accounts;
    private final ApiKeyStore apiKeys;
    private final Clock clock;

    public AdminBootstrap(CreditService credits, CreditAccounts accounts, ApiKeyStore apiKeys, Clock clock) {
        this.credits = credits;
        this.accounts = accounts;
        this.apiKeys = apiKeys;
        this.clock = clock;
    }

    public Issued bootstrap(String accountId, boolean newKeyForExistingAdmin) {
        boolean opened = credits.openAccount(accountId, EnumSet.of(Role.USER, Role.ADMIN), Optional.empty());
        if (!opened) {
            Account existing = accounts.find(accountId).orElseThrow();
            if (!existing.isAdmin()) {
                throw new NotAnAdminException(accountId);
            }
            if (!newKeyForExistingAdmin) {
                throw new AlreadyBootstrappedException(accountId);
            }
        }
        return new Issued(accountId, opened, apiKeys.create(accountId, "bootstrap-admin", clock.instant()));
    }
}
