package com.atelier.review;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Something a person should look at: a blocked request, a flagged output, or an account that keeps tripping the filters. */
public record Review(String reviewId, Kind kind, String accountId, Optional<String> category, List<String> evidence,
                     Optional<String> prompt, Instant createdAt, Optional<Resolution> resolution) {

    public enum Kind { BLOCKED_PROMPT, BLOCKED_UPLOAD, FLAGGED_OUTPUT, ACCOUNT_FLAG }

    public enum Status { OPEN, RESOLVED }

    /** What the reviewer decided ({@code dismissed} or {@code upheld}), who, when, and why. */
    public record Resolution(Instant resolvedAt, String resolvedBy, String outcome, Optional<String> note) {
    }

    public Review {
        evidence = List.copyOf(evidence);
    }

    public Status status() {
        return resolution.isPresent() ? Status.RESOLVED : Status.OPEN;
    }
}
