package com.atelier.webhooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long a failed delivery waits before each next attempt. The default follows Standard Webhooks'
 * reference schedule (Svix's): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, so eight attempts over
 * about 27 hours, the first retry within seconds. Each wait is spread by ±{@code jitter} of itself
 * so that endpoints that failed together are not retried together.
 */
public record RetrySchedule(List<Duration> delays, double jitter) {

    public static final RetrySchedule STANDARD = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)), 0.2);

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be from 0 to below 1: " + jitter);
        }
    }

    /** The wait after attempt {@code attempt} (from 1) failed, or empty when it was the last. */
    public Optional<Duration> delayAfter(int attempt, RandomGenerator random) {
        if (attempt < 1 || attempt > delays.size()) {
            return Optional.empty();
        }
        long millis = delays.get(attempt - 1).toMillis();
        long spread = Math.round(millis * jitter);
        return Optional.of(Duration.ofMillis(spread == 0 ? millis : millis - spread + random.nextLong(2 * spread + 1)));
    }

    public int maxAttempts() {
        return delays.size() + 1;
    }

    /** Reads a list such as {@code 5s,5m,30m,2h} (units ms, s, m, h). */
    public static RetrySchedule parse(String text, double jitter) {
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            String value = part.strip();
            java.util.regex.Matcher match = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value);
            if (!match.matches()) {
                throw new IllegalArgumentException("not a delay like 5s, 5m or 2h: '" + value + "'");
            }
            long amount = Long.parseLong(match.group(1));
            delays.add(switch (match.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
        }
        return new RetrySchedule(delays, jitter);
    }
}
