package com.atelier.grants;

import java.time.Instant;
import java.util.Optional;

/** An application as its applicant and the admins see it. */
public record GrantApplication(String applicationId, String accountId, String statement, String portfolioUrl,
                               Status status, Instant createdAt, Optional<Instant> decidedAt,
                               Optional<Integer> grantedCredits, Optional<Instant> grantExpiresAt,
                               Optional<String> rejectionReason) {

    public enum Status { PENDING, APPROVED, REJECTED }

    static GrantApplication of(GrantApplicationItem item) {
        return new GrantApplication(item.getApplicationId(), item.getAccountId(), item.getStatement(),
                item.getPortfolioUrl(), Status.valueOf(item.getStatus()), Instant.parse(item.getCreatedAt()),
                Optional.ofNullable(item.getDecidedAt()).map(Instant::parse),
                Optional.ofNullable(item.getGrantedCredits()),
                Optional.ofNullable(item.getGrantExpiresAt()).map(Instant::parse),
                Optional.ofNullable(item.getRejectionReason()));
    }
}
