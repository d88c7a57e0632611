package com.atelier.local;

import com.atelier.accounts.ApiKeyStore;
import com.atelier.accounts.Role;
import com.atelier.functions.wiring.Wiring;

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

    static Map<String, Issued> bootstrap(Wiring wiring) {
        Map<String, Issued> issued = new LinkedHashMap<>();
        issued.put(ADMIN, issue(wiring, "acct_local_admin", EnumSet.of(Role.USER, Role.ADMIN)));
        issued.put(DEMO, issue(wiring, "acct_local_demo", EnumSet.of(Role.USER)));
        return issued;
    }

    private static Issued issue(Wiring wiring, String accountId, Set<Role> roles) {
        wiring.credits().openAccount(accountId, roles, Optional.empty());
        ApiKeyStore.CreatedKey key = wiring.apiKeys().create(accountId, "local stack start", wiring.clock().instant());
        return new Issued(accountId, key.secret());
    }
}
