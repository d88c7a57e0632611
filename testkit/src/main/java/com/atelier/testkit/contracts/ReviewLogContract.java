package com.atelier.testkit.contracts;

import com.atelier.review.AlreadyResolvedException;
import com.atelier.review.Review;
import com.atelier.review.ReviewItemNotFoundException;
import com.atelier.review.ReviewLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules every {@link ReviewLog} keeps: a review id opened once, listed by status oldest first,
 * counted per account, kind and time, and resolved once. Ids are fresh per test, so a shared table
 * serves all tests.
 */
public abstract class ReviewLogContract {

    /** Room for every review the other tests list, across all accounts. */
    private static final int WHOLE_LIST = 1_000;

    /** A moment of its own per test, far from the others', for the listings across all accounts. */
    private final Instant now = Instant.parse("1990-01-01T00:00:00.250Z")
            .plus(Duration.ofMinutes(ThreadLocalRandom.current().nextLong(0, 5_000_000)));
    private final String accountId = "acct-" + UUID.randomUUID();

    protected abstract ReviewLog log();

    private Review review(Review.Kind kind, String accountId, Instant createdAt) {
        return new Review("review_" + UUID.randomUUID(), kind, accountId, Optional.of("violence"),
                List.of("prompt matched a blocked term"), Optional.of("a prompt"), createdAt, Optional.empty());
    }

    private Review opened(Review.Kind kind, Instant createdAt) {
        return log().open(review(kind, accountId, createdAt));
    }

    private static Review.Resolution resolution(Instant at, String outcome, Optional<String> note) {
        return new Review.Resolution(at, "admin-1", outcome, note);
    }

    private List<String> idsIn(Review.Status status) {
        return log().listByStatus(status, WHOLE_LIST).stream().map(Review::reviewId).toList();
    }

    @Test
    void anOpenedReviewIsAnsweredOpenAsGiven() {
        Review review = review(Review.Kind.BLOCKED_PROMPT, accountId, now);

        Review opened = log().open(review);

        assertThat(opened).isEqualTo(review);
        assertThat(opened.status()).isEqualTo(Review.Status.OPEN);
        assertThat(idsIn(Review.Status.OPEN)).contains(review.reviewId());
    }

    @Test
    void aReviewWithoutCategoryEvidenceOrPromptIsKeptSo() {
        Review bare = new Review("review_" + UUID.randomUUID(), Review.Kind.ACCOUNT_FLAG, accountId, Optional.empty(),
                List.of(), Optional.empty(), now, Optional.empty());

        assertThat(log().open(bare)).isEqualTo(bare);
        assertThat(log().open(bare)).isEqualTo(bare);
    }

    @Test
    void instantsAreKeptToTheMillisecond() {
        Review opened = opened(Review.Kind.BLOCKED_PROMPT, now.plusNanos(1_999_999));

        Review resolved = log().resolve(opened.reviewId(),
                resolution(now.plusSeconds(5).plusNanos(999_999), "dismissed", Optional.empty()));

        assertThat(opened.createdAt()).isEqualTo(now.plusMillis(1));
        assertThat(resolved.createdAt()).isEqualTo(now.plusMillis(1));
        assertThat(resolved.resolution().orElseThrow().resolvedAt()).isEqualTo(now.plusSeconds(5));
    }

    @Test
    void openingTheSameIdAgainKeepsTheFirstReviewAndAnswersIt() {
        Review first = opened(Review.Kind.ACCOUNT_FLAG, now);
        Review replay = new Review(first.reviewId(), Review.Kind.BLOCKED_UPLOAD, accountId, Optional.of("other"),
                List.of("other evidence"), Optional.empty(), now.plusSeconds(30), Optional.empty());

        assertThat(log().open(replay)).isEqualTo(first);

        assertThat(log().countSince(accountId, EnumSet.allOf(Review.Kind.class), now)).isEqualTo(1);
    }

    @Test
    void openingAResolvedReviewsIdAgainLeavesItResolved() {
        Review first = opened(Review.Kind.FLAGGED_OUTPUT, now);
        Review resolved = log().resolve(first.reviewId(), resolution(now.plusSeconds(5), "upheld", Optional.empty()));
        Review replay = new Review(first.reviewId(), first.kind(), accountId, first.category(), first.evidence(),
                first.prompt(), now.plusSeconds(10), Optional.empty());

        assertThat(log().open(replay)).isEqualTo(resolved);
    }

    @Test
    void listByStatusAnswersTheOldestFirstUpToTheLimit() {
        // Older than every other test's reviews, so these lead the open list in a shared table.
        Instant base = now.minus(Duration.ofDays(20_000));
        Review older = opened(Review.Kind.BLOCKED_PROMPT, base.plusSeconds(1));
        Review newest = opened(Review.Kind.BLOCKED_PROMPT, base.plusSeconds(2));
        Review oldest = opened(Review.Kind.BLOCKED_PROMPT, base);

        assertThat(log().listByStatus(Review.Status.OPEN, 2)).extracting(Review::reviewId)
                .containsExactly(oldest.reviewId(), older.reviewId());
        assertThat(log().listByStatus(Review.Status.OPEN, 3)).extracting(Review::reviewId)
                .containsExactly(oldest.reviewId(), older.reviewId(), newest.reviewId());
    }

    @Test
    void aResolvedReviewLeavesTheOpenListForTheResolvedList() {
        Review review = opened(Review.Kind.BLOCKED_PROMPT, now);

        log().resolve(review.reviewId(), resolution(now.plusSeconds(5), "dismissed", Optional.empty()));

        assertThat(idsIn(Review.Status.OPEN)).doesNotContain(review.reviewId());
        assertThat(idsIn(Review.Status.RESOLVED)).contains(review.reviewId());
    }

    @Test
    void aResolutionIsAnsweredWithTheReviewAsResolved() {
        Review review = opened(Review.Kind.FLAGGED_OUTPUT, now);
        Review.Resolution resolution = resolution(now.plusSeconds(5), "upheld", Optional.of("clearly gore"));

        Review resolved = log().resolve(review.reviewId(), resolution);

        assertThat(resolved.status()).isEqualTo(Review.Status.RESOLVED);
        assertThat(resolved).isEqualTo(new Review(review.reviewId(), review.kind(), accountId, review.category(),
                review.evidence(), review.prompt(), review.createdAt(), Optional.of(resolution)));
    }

    @Test
    void aSecondResolutionIsRefusedAndTheFirstIsKept() {
        Review review = opened(Review.Kind.BLOCKED_PROMPT, now);
        Review resolved = log().resolve(review.reviewId(), resolution(now.plusSeconds(5), "dismissed", Optional.empty()));

        assertThatThrownBy(() -> log().resolve(review.reviewId(),
                resolution(now.plusSeconds(9), "upheld", Optional.of("second look"))))
                .isInstanceOf(AlreadyResolvedException.class);

        assertThat(log().listByStatus(Review.Status.RESOLVED, WHOLE_LIST))
                .filteredOn(listed -> listed.reviewId().equals(review.reviewId())).containsExactly(resolved);
    }

    @Test
    void resolvingAnUnknownReviewIsNotFoundAndCreatesNothing() {
        String unknown = "review_unknown_" + UUID.randomUUID();

        assertThatThrownBy(() -> log().resolve(unknown, resolution(now, "dismissed", Optional.empty())))
                .isInstanceOfSatisfying(ReviewItemNotFoundException.class,
                        notFound -> assertThat(notFound.reviewId()).isEqualTo(unknown));

        assertThat(idsIn(Review.Status.RESOLVED)).doesNotContain(unknown);
        assertThat(idsIn(Review.Status.OPEN)).doesNotContain(unknown);
    }

    @Test
    void countSinceCountsTheAccountsReviewsOfTheKindsFromTheMomentOn() {
        Set<Review.Kind> blocked = EnumSet.of(Review.Kind.BLOCKED_PROMPT, Review.Kind.BLOCKED_UPLOAD);
        opened(Review.Kind.BLOCKED_PROMPT, now.minusMillis(1));
        opened(Review.Kind.BLOCKED_PROMPT, now);
        opened(Review.Kind.BLOCKED_UPLOAD, now.plusSeconds(10));
        Review resolved = opened(Review.Kind.BLOCKED_PROMPT, now.plusSeconds(20));
        log().resolve(resolved.reviewId(), resolution(now.plusSeconds(30), "upheld", Optional.empty()));
        opened(Review.Kind.FLAGGED_OUTPUT, now.plusSeconds(40));
        log().open(review(Review.Kind.BLOCKED_PROMPT, "acct-other-" + UUID.randomUUID(), now.plusSeconds(50)));

        assertThat(log().countSince(accountId, blocked, now)).isEqualTo(3);
        assertThat(log().countSince(accountId, EnumSet.of(Review.Kind.FLAGGED_OUTPUT), now)).isEqualTo(1);
        assertThat(log().countSince(accountId, EnumSet.allOf(Review.Kind.class), now.minusSeconds(1))).isEqualTo(5);
        assertThat(log().countSince(accountId, EnumSet.noneOf(Review.Kind.class), now)).isZero();
        assertThat(log().countSince(accountId, blocked, now.plusSeconds(60))).isZero();
    }
}
