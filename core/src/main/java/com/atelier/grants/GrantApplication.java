package com.atelier.grants;

import java.time.Instant;
import java.util.Optional;

/** An artist's application for subsidized credits, and the admin's decision on it. */
public record GrantApplication(String applicationId, String accountId, String statement, String portfolioUrl,
                               Status status, Instant createdAt, Optional<Decision> decision) {

    public enum Status { PENDING, APPROVED, REJECTED }

    /** Who decided and when; what was granted for an approval, the reason (if any) for a rejection. */
    public record Decision(Instant decidedAt, String decidedBy, Optional<Integer> grantedCredits,
                           Optional<Instant> grantExpiresAt, Optional<String> rejectionReason) {
    }

    public static GrantApplication pending(String applicationId, String accountId, String statement, String portfolioUrl,
                                           Instant createdAt) {
        return new GrantApplication(applicationId, accountId, statement, portfolioUrl, Status.PENDING, createdAt,
                Optional.empty());
    }

    /** This application with a decision taken. */
    public GrantApplication decided(Status outcome, Decision taken) {
        if (outcome == Status.PENDING) {
            throw new IllegalArgumentException("a decision approves or rejects");
        }
        return new GrantApplication(applicationId, accountId, statement, portfolioUrl, outcome, createdAt,
                Optional.of(taken));
    }

    public Optional<Instant> decidedAt() {
        return decision.map(Decision::decidedAt);
    }

    public Optional<Integer> grantedCredits() {
        return decision.flatMap(Decision::grantedCredits);
    }

    public Optional<Instant> grantExpiresAt() {
        return decision.flatMap(Decision::grantExpiresAt);
    }

    public Optional<String> rejectionReason() {
        return decision.flatMap(Decision::rejectionReason);
    }
}
