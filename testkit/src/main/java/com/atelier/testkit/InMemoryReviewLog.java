package com.atelier.testkit;

import com.atelier.review.AlreadyResolvedException;
import com.atelier.review.Review;
import com.atelier.review.ReviewItemNotFoundException;
import com.atelier.review.ReviewLog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reviews table as a map. A review is opened with one {@code putIfAbsent} and resolved with one
 * {@link ConcurrentHashMap#compute}, under the table's conditions; instants are kept to the
 * millisecond, as the table keeps them.
 */
public final class InMemoryReviewLog implements ReviewLog {

    private final Map<String, Review> reviews = new ConcurrentHashMap<>();

    @Override
    public Review open(Review review) {
        Review kept = new Review(review.reviewId(), review.kind(), review.accountId(), review.category(),
                review.evidence(), review.prompt(), millis(review.createdAt()), Optional.empty());
        // A review id is opened once: a replay finds the first review and leaves it as it was.
        Review existing = reviews.putIfAbsent(review.reviewId(), kept);
        return existing == null ? kept : existing;
    }

    /** Oldest first, as the byStatus index is read forwards. */
    @Override
    public List<Review> listByStatus(Review.Status status, int limit) {
        return reviews.values().stream().filter(review -> review.status() == status)
                .sorted(Comparator.comparing(Review::createdAt)).limit(limit).toList();
    }

    /** From the moment's millisecond on, as the byAccount index compares its time strings. */
    @Override
    public int countSince(String accountId, Set<Review.Kind> kinds, Instant since) {
        Instant from = millis(since);
        return (int) reviews.values().stream()
                .filter(review -> review.accountId().equals(accountId) && kinds.contains(review.kind())
                        && !review.createdAt().isBefore(from))
                .count();
    }

    @Override
    public Review resolve(String reviewId, Review.Resolution resolution) {
        // A review is resolved once, and only a review that exists; a refusal leaves the map as it was.
        return reviews.compute(reviewId, (id, stored) -> {
            if (stored == null) {
                throw new ReviewItemNotFoundException(reviewId);
            }
            if (stored.resolution().isPresent()) {
                throw new AlreadyResolvedException("This review item was already resolved.");
            }
            return new Review(id, stored.kind(), stored.accountId(), stored.category(), stored.evidence(), stored.prompt(),
                    stored.createdAt(), Optional.of(new Review.Resolution(millis(resolution.resolvedAt()),
                            resolution.resolvedBy(), resolution.outcome(), resolution.note())));
        });
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
