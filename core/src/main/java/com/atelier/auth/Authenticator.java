package com.atelier.auth;

import com.atelier.accounts.Account;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.ApiKey;
import com.atelier.accounts.ApiKeyStore;
import com.atelier.accounts.CreditService;
import com.atelier.accounts.Role;
import com.atelier.hashing.Sha256;
import com.atelier.logging.JsonLog;

import java.util.Optional;
import java.util.Set;

/**
 * Turns an {@code Authorization: Bearer …} header into an active account: an Atelier API key
 * ({@code sk-…}), or, when OIDC is configured, a JWT whose {@code sub} maps to an account (opened
 * on first sign-in, as a Cognito sign-up would).
 */
public final class Authenticator {

    private final ApiKeyStore keys;
    private final CreditAccounts accounts;
    private final CreditService credits;
    private final Optional<OidcTokenVerifier> oidc;

    public Authenticator(ApiKeyStore keys, CreditAccounts accounts, CreditService credits, Optional<OidcTokenVerifier> oidc) {
        this.keys = keys;
        this.accounts = accounts;
        this.credits = credits;
        this.oidc = oidc;
    }

    /** The caller's active account, for requests that do not care which key sent them. */
    public Account authenticate(String authorizationHeader) {
        return identify(authorizationHeader).account();
    }

    /** The caller: its active account and, when it sent an API key, that key's id. */
    public Caller identify(String authorizationHeader) {
        String token = bearerToken(authorizationHeader).orElseThrow(MissingCredentialsException::new);
        Caller caller = token.startsWith("sk-") ? byApiKey(token) : new Caller(byOidcToken(token), Optional.empty());
        if (!caller.account().isActive()) {
            throw new AccountSuspendedException(caller.account().accountId());
        }
        JsonLog.appendKey("accountId", caller.account().accountId());
        return caller;
    }

    public Account authenticateAdmin(String authorizationHeader) {
        Account account = authenticate(authorizationHeader);
        if (!account.isAdmin()) {
            throw new AdminOnlyException(account.accountId());
        }
        return account;
    }

    private Caller byApiKey(String secret) {
        ApiKey key = keys.findBySecret(secret).filter(ApiKey::active)
                .orElseThrow(() -> new InvalidApiKeyException(shown(secret)));
        Account account = accounts.find(key.accountId()).orElseThrow(() -> new InvalidApiKeyException(shown(secret)));
        return new Caller(account, Optional.of(key.keyId()));
    }

    private Account byOidcToken(String token) {
        if (oidc.isEmpty()) {
            throw new InvalidApiKeyException(shown(token));
        }
        OidcTokenVerifier.VerifiedToken verified = oidc.get().verify(token).orElseThrow(InvalidTokenException::new);
        Optional<Account> existing = accounts.findByOidcSubject(verified.subject());
        if (existing.isPresent()) {
            return existing.get();
        }
        // The id derives from the subject, so two first sign-ins at once open one account.
        String accountId = "oidc-" + Sha256.hex(verified.subject()).substring(0, 24);
        credits.openAccount(accountId, Set.of(Role.USER), Optional.of(verified.subject()));
        return accounts.find(accountId).orElseThrow(InvalidTokenException::new);
    }

    private static Optional<String> bearerToken(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String trimmed = header.trim();
        if (trimmed.length() < 8 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = trimmed.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** Like OpenAI, show just enough of a wrong key for its owner to recognise it. */
    private static String shown(String secret) {
        if (secret.length() <= 10) {
            return "****";
        }
        return secret.substring(0, 3) + "*".repeat(Math.min(20, secret.length() - 7)) + secret.substring(secret.length() - 4);
    }
}
