package com.atelier.review;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Where reviews are kept, open and resolved. */
public interface ReviewLog {

    /**
     * Adds an open review. A review with the same id (a replay, an account flagged twice in one
     * window) is kept as it was and returned instead.
     */
    Review open(Review review);

    /** Reviews in this status, oldest first; at most {@code limit}. */
    List<Review> listByStatus(Review.Status status, int limit);

    /** How many reviews of these kinds the account has had since a moment. */
    int countSince(String accountId, Set<Review.Kind> kinds, Instant since);

    /**
     * Resolves an open review, once.
     *
     * @return the review as resolved
     * @throws ReviewItemNotFoundException when no review has this id
     * @throws AlreadyResolvedException when it was resolved before
     */
    Review resolve(String reviewId, Review.Resolution resolution);
}
