package com.atelier.grants;

import com.atelier.accounts.CreditService;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Subsidized access: an artist applies with a statement and a portfolio; an admin approves (the grant
 * lot and its ledger entry are created) or rejects. A decision is taken once.
 */
public final class GrantApplications {

    static final int MIN_STATEMENT_LENGTH = 20;
    static final int MAX_STATEMENT_LENGTH = 5000;
    static final int MAX_GRANT_CREDITS = 100_000;
    static final Duration MAX_GRANT_VALIDITY = Duration.ofDays(3 * 366);

    private final GrantApplicationRepository applications;
    private final CreditService credits;
    private final Clock clock;

    public GrantApplications(GrantApplicationRepository applications, CreditService credits, Clock clock) {
        this.applications = applications;
        this.credits = credits;
        this.clock = clock;
    }

    public GrantApplication apply(String accountId, String statement, String portfolioUrl) {
        if (statement == null || statement.isBlank()) {
            throw new InvalidGrantApplicationException("statement", "A statement is required.");
        }
        if (statement.strip().length() < MIN_STATEMENT_LENGTH || statement.length() > MAX_STATEMENT_LENGTH) {
            throw new InvalidGrantApplicationException("statement", "The statement must be " + MIN_STATEMENT_LENGTH + " to "
                    + MAX_STATEMENT_LENGTH + " characters.");
        }
        if (portfolioUrl == null || portfolioUrl.isBlank()) {
            throw new InvalidGrantApplicationException("portfolio_url", "A portfolio URL is required.");
        }
        if (!isWebUrl(portfolioUrl)) {
            throw new InvalidGrantApplicationException("portfolio_url", "The portfolio URL must be an http or https URL.");
        }
        GrantApplication application = GrantApplication.pending(
                "grantapp_" + UUID.randomUUID().toString().replace("-", ""), accountId, statement.strip(), portfolioUrl,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        applications.add(application);
        return application;
    }

    /** Applications with this status, oldest first, as a review queue is worked. */
    public List<GrantApplication> list(GrantApplication.Status status, int limit) {
        return applications.listByStatus(status, limit);
    }

    /** Grants the credits (once per application, however often this is called) and records the decision. */
    public GrantApplication approve(String applicationId, String adminId, int grantCredits, Instant expiresAt) {
        Instant now = clock.instant();
        if (grantCredits < 1 || grantCredits > MAX_GRANT_CREDITS) {
            throw new InvalidGrantApplicationException("credits", "A grant gives 1 to " + MAX_GRANT_CREDITS + " credits.");
        }
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_GRANT_VALIDITY))) {
            throw new InvalidGrantApplicationException("expires_at", "A grant expires in the future, within three years.");
        }
        GrantApplication application = pending(applicationId);
        credits.grant(application.accountId(), applicationId, grantCredits, expiresAt);
        return decide(application, GrantApplication.Status.APPROVED, new GrantApplication.Decision(
                now.truncatedTo(ChronoUnit.MILLIS), adminId, Optional.of(grantCredits), Optional.of(expiresAt),
                Optional.empty()));
    }

    public GrantApplication reject(String applicationId, String adminId, String reason) {
        GrantApplication application = pending(applicationId);
        return decide(application, GrantApplication.Status.REJECTED, new GrantApplication.Decision(
                clock.instant().truncatedTo(ChronoUnit.MILLIS), adminId, Optional.empty(), Optional.empty(),
                reason == null || reason.isBlank() ? Optional.empty() : Optional.of(reason.strip())));
    }

    private GrantApplication pending(String applicationId) {
        GrantApplication application = applications.find(applicationId)
                .orElseThrow(() -> new GrantApplicationNotFoundException(applicationId));
        if (application.status() != GrantApplication.Status.PENDING) {
            throw new AlreadyDecidedException("This application was already " + application.status().name().toLowerCase() + ".");
        }
        return application;
    }

    private GrantApplication decide(GrantApplication application, GrantApplication.Status outcome,
                                    GrantApplication.Decision decision) {
        GrantApplication decided = application.decided(outcome, decision);
        if (!applications.recordDecision(decided)) {
            throw new AlreadyDecidedException("This application was decided by someone else meanwhile.");
        }
        return decided;
    }

    private static boolean isWebUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && value.length() <= 2048;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
