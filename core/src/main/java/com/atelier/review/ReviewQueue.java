package com.atelier.review;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the filters flagged, waiting for a person, and what they decided. */
public final class ReviewQueue {

    private static final int MAX_STORED_PROMPT = 1000;

    private final ReviewLog log;

    public ReviewQueue(ReviewLog log) {
        this.log = log;
    }

    /** Adds an open review; one with the same id (a replay, an account flagged twice in one window) is kept as it was. */
    public Review open(String reviewId, Review.Kind kind, String accountId, String category, List<String> evidence,
                       String prompt, Instant now) {
        return log.open(new Review(reviewId, kind, accountId, Optional.ofNullable(category), evidence,
                Optional.ofNullable(prompt).map(text -> text.length() <= MAX_STORED_PROMPT ? text : text.substring(0, MAX_STORED_PROMPT)),
                now.truncatedTo(ChronoUnit.MILLIS), Optional.empty()));
    }

    public List<Review> list(Review.Status status, int limit) {
        return log.listByStatus(status, limit);
    }

    /** How many reviews of these kinds the account has had since a moment: the measure of repeated tripping. */
    public int countSince(String accountId, Set<Review.Kind> kinds, Instant since) {
        return log.countSince(accountId, kinds, since);
    }

    /** Marks an open review resolved, once. */
    public Review resolve(String reviewId, String adminId, String outcome, String note, Instant now) {
        return log.resolve(reviewId, new Review.Resolution(now.truncatedTo(ChronoUnit.MILLIS), adminId, outcome,
                Optional.ofNullable(note)));
    }
}
