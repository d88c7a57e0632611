package com.atelier.ratelimit;

import com.atelier.testkit.InMemoryServices;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the rate limiter answers through a minute and into the next, on the in-memory counters. */
class RateLimiterTest {

    private static final int REQUESTS_PER_MINUTE = 3;

    private final InMemoryServices atelier = new InMemoryServices(Instant.parse("2030-03-10T09:30:15Z"));
    private final RateLimiter limiter = atelier.rateLimiter(REQUESTS_PER_MINUTE);

    @Test
    void theFirstRequestOfAMinuteLeavesTheRestOfTheLimitUntilTheMinuteEnds() {
        assertThat(limiter.take("acct-1")).isEqualTo(new RateLimiter.Decision(true, 3, 2, 45));
    }

    @Test
    void theRequestThatReachesTheLimitIsAllowedAndTheNextIsRefused() {
        limiter.take("acct-1");
        limiter.take("acct-1");

        assertThat(limiter.take("acct-1")).isEqualTo(new RateLimiter.Decision(true, 3, 0, 45));
        atelier.clock.set(Instant.parse("2030-03-10T09:30:59.900Z"));
        assertThat(limiter.take("acct-1")).isEqualTo(new RateLimiter.Decision(false, 3, 0, 1));
    }

    @Test
    void aNewMinuteStartsAFreshCount() {
        for (int i = 0; i < REQUESTS_PER_MINUTE + 1; i++) {
            limiter.take("acct-1");
        }

        atelier.clock.set(Instant.parse("2030-03-10T09:31:00Z"));

        assertThat(limiter.take("acct-1")).isEqualTo(new RateLimiter.Decision(true, 3, 2, 60));
    }

    @Test
    void accountsAreCountedApart() {
        for (int i = 0; i < REQUESTS_PER_MINUTE + 1; i++) {
            limiter.take("acct-1");
        }

        assertThat(limiter.take("acct-2")).isEqualTo(new RateLimiter.Decision(true, 3, 2, 45));
    }
}
