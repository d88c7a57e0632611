package com.atelier.local;

import com.atelier.accounts.ApiKeyStore;
import com.atelier.accounts.Role;
import com.atelier.functions.Services;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The accounts a fresh local stack needs to be usable at once: an admin (for scripts and tests that
 * create accounts and grants) and a demo user. Keys exist only as hashes, so each start issues a new
 * key for each; those of earlier starts (with --data-dir) stay valid.
 */
final class LocalAccounts {

    static final String ADMIN = "admin";
    static final String DEMO = "demo";

    /** An account opened (or found) at start, with the key issued for this run. */
    record Issued(String accountId, String apiKey) {
    }

    private LocalAccounts() {
    }

    static Map<String, Issued> bootstrap(Services services) {
        Map<String, Issued> issued = new LinkedHashMap<>();
        issued.put(ADMIN, issue(services, "acct_local_admin", EnumSet.of(Role.USER, Role.ADMIN)));
        issued.put(DEMO, issue(services, "acct_local_demo", EnumSet.of(Role.USER)));
        return issued;
    }

    private static Issued issue(Services services, String accountId, Set<Role> roles) {
        services.credits().openAccount(accountId, roles, Optional.empty());
        ApiKeyStore.CreatedKey key = services.apiKeys().create(accountId, "local stack start", services.clock().instant());
        return new Issued(accountId, key.secret());
    }
}
