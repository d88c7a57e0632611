package com.atelier.review;

import com.atelier.testkit.InMemoryServices;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening, counting and resolving reviews on the in-memory adapters. */
class ReviewQueueTest {

    private final InMemoryServices atelier = new InMemoryServices(Instant.parse("2030-03-10T09:30:00Z"));
    private final Instant now = Instant.parse("2030-03-10T09:30:00.123456Z");

    private Review opened(String reviewId, String prompt) {
        return atelier.reviews.open(reviewId, Review.Kind.BLOCKED_PROMPT, "acct-1", "violence",
                List.of("matched a blocked term"), prompt, now);
    }

    @Test
    void anOpenedReviewKeepsTheFirstThousandCharactersOfItsPromptAndTheMillisecond() {
        String prompt = "p".repeat(1000) + "the rest is dropped";

        Review review = opened("review-1", prompt);

        assertThat(review.prompt()).contains("p".repeat(1000));
        assertThat(review.createdAt()).isEqualTo(Instant.parse("2030-03-10T09:30:00.123Z"));
        assertThat(review.status()).isEqualTo(Review.Status.OPEN);
        assertThat(atelier.reviews.list(Review.Status.OPEN, 10)).containsExactly(review);
    }

    @Test
    void aReviewWithoutCategoryOrPromptHasNone() {
        Review review = atelier.reviews.open("flag-acct-1", Review.Kind.ACCOUNT_FLAG, "acct-1", null, List.of(), null, now);

        assertThat(review.category()).isEmpty();
        assertThat(review.prompt()).isEmpty();
    }

    @Test
    void aReplayedOpenIsCountedOnce() {
        opened("review-1", "a prompt");
        opened("review-1", "another prompt");

        assertThat(atelier.reviews.countSince("acct-1", EnumSet.of(Review.Kind.BLOCKED_PROMPT), now)).isEqualTo(1);
    }

    @Test
    void aResolutionRecordsWhoWhatAndWhen() {
        opened("review-1", "a prompt");

        Review resolved = atelier.reviews.resolve("review-1", "admin-1", "dismissed", null,
                Instant.parse("2030-03-10T10:00:00.987654Z"));

        assertThat(resolved.resolution()).contains(new Review.Resolution(Instant.parse("2030-03-10T10:00:00.987Z"),
                "admin-1", "dismissed", Optional.empty()));
        assertThat(atelier.reviews.list(Review.Status.OPEN, 10)).isEmpty();
        assertThat(atelier.reviews.list(Review.Status.RESOLVED, 10)).containsExactly(resolved);
    }

    @Test
    void aReviewIsResolvedOnce() {
        opened("review-1", "a prompt");
        Review first = atelier.reviews.resolve("review-1", "admin-1", "upheld", "clear case", now.plusSeconds(60));

        assertThatThrownBy(() -> atelier.reviews.resolve("review-1", "admin-2", "dismissed", null, now.plusSeconds(90)))
                .isInstanceOf(AlreadyResolvedException.class);

        assertThat(atelier.reviews.list(Review.Status.RESOLVED, 10)).containsExactly(first);
    }

    @Test
    void resolvingAReviewThatWasNeverOpenedIsNotFound() {
        assertThatThrownBy(() -> atelier.reviews.resolve("review-unknown", "admin-1", "dismissed", null, now))
                .isInstanceOf(ReviewItemNotFoundException.class);
    }
}
