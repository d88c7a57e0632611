package com.atelier.testkit.contracts;

import com.atelier.usage.BucketWidth;
import com.atelier.usage.UsageCell;
import com.atelier.usage.UsageCounters;
import com.atelier.usage.UsageEvent;
import com.atelier.usage.UsageFigures;
import com.atelier.usage.UsageScope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link UsageCounters} adapter must do: count an event once in each width's bucket of its
 * account and of the organisation, whatever replays come, keep cells apart, and read back exactly the
 * buckets asked for.
 */
public abstract class UsageCountersContract {

    /** A day of its own per test, far from the others', as the organisation's buckets are shared. */
    private final Instant day = BucketWidth.DAY.bucketStart(Instant.parse("1990-01-01T00:00:00Z")
            .plus(Duration.ofDays(ThreadLocalRandom.current().nextLong(0, 3_000_000))));
    private final String accountId = "acct-" + UUID.randomUUID();

    protected abstract UsageCounters counters();

    private UsageCell cell(String size, Optional<String> key, Optional<String> user) {
        return new UsageCell(accountId, "image.generation", size, "dall-e-2", key, user);
    }

    private static UsageFigures figures(int images) {
        return new UsageFigures(images, 1, 1, 0, 900, 900, 0);
    }

    private UsageEvent event(Instant at, UsageCell cell, int images) {
        return new UsageEvent("job.finished#" + UUID.randomUUID(), at, cell, figures(images));
    }

    @Test
    void anEventCountsInItsAccountsAndTheOrganisationsBucketOfEachWidth() {
        Instant at = day.plus(Duration.ofHours(5)).plusSeconds(125);
        UsageCell cell = cell("256x256", Optional.of("key_1"), Optional.of("end-user-7"));

        assertThat(counters().count(event(at, cell, 4))).isTrue();

        for (BucketWidth width : BucketWidth.values()) {
            Instant bucket = width.bucketStart(at);
            assertThat(counters().read(UsageScope.account(accountId), width, List.of(bucket)))
                    .isEqualTo(Map.of(bucket, Map.of(cell, figures(4))));
            assertThat(counters().read(UsageScope.organisation(), width, List.of(bucket)).get(bucket))
                    .containsEntry(cell, figures(4));
        }
    }

    @Test
    void aReplayedEventCountsOnce() {
        UsageEvent event = event(day.plusSeconds(60), cell("512x512", Optional.empty(), Optional.empty()), 2);

        assertThat(counters().count(event)).isTrue();
        assertThat(counters().count(event)).isFalse();
        assertThat(counters().count(event)).isFalse();

        assertThat(counters().read(UsageScope.account(accountId), BucketWidth.DAY, List.of(day)).get(day))
                .isEqualTo(Map.of(event.cell(), figures(2)));
    }

    @Test
    void cellsAddUpApartAndBucketsNothingWasCountedInReadEmpty() {
        UsageCell small = cell("256x256", Optional.of("key_1"), Optional.empty());
        UsageCell large = cell("1024x1024", Optional.of("key_1"), Optional.of("end-user-7"));
        IntStream.range(0, 30).forEach(i -> counters().count(event(day.plusSeconds(i * 60L), i % 3 == 0 ? large : small, 1)));
        Instant nextDay = day.plus(Duration.ofDays(1));

        Map<Instant, Map<UsageCell, UsageFigures>> read = counters().read(UsageScope.account(accountId), BucketWidth.DAY,
                List.of(day, nextDay));

        assertThat(read.get(day)).containsOnlyKeys(small, large);
        assertThat(read.get(day).get(large).images()).isEqualTo(10);
        assertThat(read.get(day).get(small).modelRequests()).isEqualTo(20);
        assertThat(read.get(nextDay)).isEmpty();
    }

    @Test
    void anotherAccountsUsageIsNotInThisAccountsScope() {
        UsageCell other = new UsageCell("acct-other-" + UUID.randomUUID(), "image.edit", "256x256", "dall-e-2",
                Optional.empty(), Optional.empty());
        counters().count(event(day.plusSeconds(30), other, 3));

        assertThat(counters().read(UsageScope.account(accountId), BucketWidth.DAY, List.of(day)).get(day)).isEmpty();
        assertThat(counters().read(UsageScope.account(other.accountId()), BucketWidth.DAY, List.of(day)).get(day))
                .containsOnlyKeys(other);
    }

    @Test
    void concurrentCountsOfManyEventsAllAddUp() {
        UsageCell cell = cell("256x256", Optional.of("key_2"), Optional.empty());
        List<UsageEvent> events = IntStream.range(0, 40).mapToObj(i -> event(day.plusSeconds(7200 + i), cell, 1)).toList();

        events.parallelStream().forEach(counters()::count);
        events.parallelStream().forEach(counters()::count);

        assertThat(counters().read(UsageScope.account(accountId), BucketWidth.HOUR, List.of(day.plusSeconds(7200)))
                .get(day.plusSeconds(7200))).isEqualTo(Map.of(cell, new UsageFigures(40, 40, 40, 0, 36_000, 36_000, 0)));
    }
}
