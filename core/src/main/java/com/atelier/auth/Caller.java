package com.atelier.auth;

import com.atelier.accounts.Account;

import java.util.Objects;
import java.util.Optional;

/**
 * Who made a request: the active account, and the id of the API key it came with (absent for an
 * OIDC token), so that jobs, debits and usage can be told apart per key.
 */
public record Caller(Account account, Optional<String> apiKeyId) {

    public Caller {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
    }
}
