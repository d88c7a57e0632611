package com.atelier.local.provision;

import com.atelier.aws.grants.DynamoDbGrantApplicationRepository;
import com.atelier.aws.review.DynamoDbReviewLog;
import com.atelier.grants.GrantApplication;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.review.Review;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reviews and grant applications are listed by status through a sharded index: a listing still
 * answers the oldest first across every shard, and an item listed under its new status once moved.
 * Items here are dated in 1850, before any other test's (the contract suites date theirs from 1935 on), so they come first.
 */
@ExtendWith(LocalStackExtension.class)
class StatusIndexShardsIT {

    private static final Instant LONG_AGO = Instant.parse("1850-01-01T00:00:00Z");

    @Test
    void reviewsAreListedOldestFirstAcrossShardsAndMoveToResolvedWhenResolved(LocalStack stack) {
        DynamoDbReviewLog log = new DynamoDbReviewLog(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                stack.resources().reviews().name());
        List<Review> byAge = new ArrayList<>();
        for (int minute = 0; minute < 24; minute++) {
            byAge.add(new Review("review-" + UUID.randomUUID(), Review.Kind.BLOCKED_PROMPT, "acct-shards",
                    Optional.of("violence"), List.of(), Optional.empty(), LONG_AGO.plusSeconds(60L * minute), Optional.empty()));
        }
        inShuffledOrder(byAge).forEach(log::open);
        Review.Resolution dismissed = new Review.Resolution(LONG_AGO.plusSeconds(7_200), "admin", "dismissed", Optional.empty());
        log.resolve(byAge.get(1).reviewId(), dismissed);
        log.resolve(byAge.get(0).reviewId(), dismissed);

        assertThat(log.listByStatus(Review.Status.OPEN, 5)).extracting(Review::reviewId)
                .containsExactlyElementsOf(ids(byAge.subList(2, 7), Review::reviewId));
        assertThat(log.listByStatus(Review.Status.RESOLVED, 2)).extracting(Review::reviewId)
                .containsExactlyElementsOf(ids(byAge.subList(0, 2), Review::reviewId));
    }

    @Test
    void grantApplicationsAreListedOldestFirstAcrossShardsAndMoveWithTheirDecision(LocalStack stack) {
        DynamoDbGrantApplicationRepository applications = new DynamoDbGrantApplicationRepository(stack.clients().dynamoDb(),
                stack.clients().dynamoDbEnhanced(), stack.resources().grantApplications().name());
        List<GrantApplication> byAge = new ArrayList<>();
        for (int minute = 0; minute < 24; minute++) {
            byAge.add(GrantApplication.pending("grant-" + UUID.randomUUID(), "acct-shards", "I paint", "https://example.org",
                    LONG_AGO.plusSeconds(60L * minute)));
        }
        inShuffledOrder(byAge).forEach(applications::add);
        GrantApplication approved = byAge.get(0).decided(GrantApplication.Status.APPROVED, new GrantApplication.Decision(
                LONG_AGO.plusSeconds(7_200), "admin", Optional.of(100), Optional.of(LONG_AGO.plusSeconds(86_400)), Optional.empty()));
        assertThat(applications.recordDecision(approved)).isTrue();

        assertThat(applications.listByStatus(GrantApplication.Status.PENDING, 6)).extracting(GrantApplication::applicationId)
                .containsExactlyElementsOf(ids(byAge.subList(1, 7), GrantApplication::applicationId));
        assertThat(applications.listByStatus(GrantApplication.Status.APPROVED, 1)).extracting(GrantApplication::applicationId)
                .containsExactly(approved.applicationId());
    }

    private static <T> List<T> inShuffledOrder(List<T> items) {
        List<T> shuffled = new ArrayList<>(items);
        Collections.shuffle(shuffled, new Random(11));
        return shuffled;
    }

    private static <T> List<String> ids(List<T> items, Function<T, String> id) {
        return items.stream().map(id).toList();
    }
}
